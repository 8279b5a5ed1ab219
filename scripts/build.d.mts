/** Types of scripts/build.mjs, for the tests that call it. */
export declare const ROOT: string;
export declare function sourceHash(root?: string): string;
export declare function sourceFingerprint(root?: string): string;
export declare function staleReason(root?: string, dist?: string): string | null;
export declare function build(root?: string, dist?: string): Promise<{ ms: number }>;
export declare function ensureBuilt(): Promise<void>;
