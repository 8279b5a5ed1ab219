import { z } from "zod";

/** Placeholder: the pipeline result schema. */
export const pipelineResultSchema = z.object({ status: z.literal("not_implemented") });
export type PipelineResult = z.infer<typeof pipelineResultSchema>;
