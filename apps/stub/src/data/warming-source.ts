// A fixtures dataset that answers at once: each query's events generated until its tables are held.
import type { AdvancedRow, Workflow, WorkflowCatalog } from "@giosg-reporting/contract";
import { type Dataset, iterateEvents } from "@giosg-reporting/fixtures";
import type { EventSource, StepSelection } from "./event-source";
import { GeneratedSource } from "./generated-source";
import { MemorySource } from "./memory-source";
import type { MemoryTables } from "./memory-tables";

/**
 * A fixtures dataset held in memory once its tables are built (by `build`: in a worker), and answered
 * by generating each query's events until then: the same rows in the same order (the fixtures
 * generate exactly the rows the whole dataset has in a query's range), so every answer is the same,
 * only slower for a moment. When `build` gives no tables (no worker could), this thread builds them.
 */
export class WarmingSource implements EventSource {
  /** The dataset itself, as a memory source of it has. */
  readonly catalog: WorkflowCatalog;
  readonly dataset: Dataset;
  readonly #build: () => Promise<MemoryTables | undefined>;
  #current: GeneratedSource | MemorySource;
  #held: Promise<MemorySource> | undefined;

  constructor(dataset: Dataset, build: () => Promise<MemoryTables | undefined>) {
    this.dataset = dataset;
    this.catalog = dataset;
    this.#build = build;
    this.#current = new GeneratedSource(dataset);
  }

  /** Whether the tables are held (every answer is read from memory). */
  get isHeld(): boolean {
    return this.#current instanceof MemorySource;
  }

  /**
   * Starts building the tables (the first call; later ones wait for the same build) and resolves with
   * the memory source that answers from the moment they are held.
   */
  warm(): Promise<MemorySource> {
    this.#held ??= this.#build().then((tables) => {
      const { dataset } = this;
      const memory = new MemorySource(dataset, tables ?? iterateEvents(dataset), { dataset });
      this.#current = memory;
      return memory;
    });
    return this.#held;
  }

  events(workflow: Workflow, from: number, to: number, step?: number): Iterable<AdvancedRow> {
    return this.#current.events(workflow, from, to, step);
  }

  stepJson(selection: StepSelection): Iterable<Uint8Array> {
    return this.#current.stepJson(selection);
  }

  outerGoalEvents(organizationId: string, from: number, to: number): Iterable<AdvancedRow> {
    return this.#current.outerGoalEvents(organizationId, from, to);
  }
}
