/**
 * The engine's inputs and outputs. They live at the bottom layer (`src/answer/estimate.ts`) because
 * the resolved Request and the JSON contract carry them too; the engine's files read them from here.
 */
export type * from "../answer/estimate.js";
