import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ChainIndex } from "../../../shared/budget/chain-index.ts";
import { RecordBoundaryScanner, type RecordRange } from "../../../shared/budget/csv-boundaries.ts";
import {
  ChunkProcessor,
  type ChunkResult,
  type ChunkSettings,
} from "../../../shared/budget/import-chunk.ts";
import type { Cell } from "../../../shared/budget/validate-budget-row.ts";
import { DomainError, invalid } from "../../errors.ts";
import type { FromWorker, ToWorker, WorkerSetup } from "./budget-parse.worker.ts";
import { type BudgetSource, type CsvLayout, readRecordRange } from "./budget-source.service.ts";

/**
 * Where a budget import's rows are processed (ADR 0044): in the import's own thread, part by
 * part as the file is read, or in worker threads that each read ranges of the file. Both give
 * the same parts in row order; the import merges them (budget-import.service.ts).
 */
export interface PartSource {
  parts: AsyncIterable<ChunkResult>;
  bytesRead(): number;
  /** Available once `parts` is exhausted. */
  sha256(): string;
  /** The file is refused: the remaining parts need no COPY text. */
  stopWriting(): void;
}

/** Import ids are created by the import as years appear; the parts wait for theirs. */
export type ImportIdOf = (year: number) => Promise<number>;

/**
 * `VIGIA_IMPORT_WORKERS`: worker threads for a large CSV import. Default: one per core but one
 * (the import's own thread merges and writes, and on PostgreSQL the server needs a core), at
 * most four; 0 keeps every import in one thread.
 */
export function resolveImportWorkers(
  env: NodeJS.ProcessEnv,
  cores = availableParallelism(),
): number {
  const raw = env.VIGIA_IMPORT_WORKERS?.trim();
  if (raw === undefined || raw === "") return Math.max(0, Math.min(cores - 1, 4));
  if (!/^\d+$/.test(raw) || Number(raw) > 64) {
    throw invalid(
      `VIGIA_IMPORT_WORKERS debe ser un entero entre 0 y 64 (hilos de la importación; 0 = sin hilos), no «${raw}».`,
    );
  }
  return Number(raw);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the rules over rows, obtaining import ids as new years appear. */
async function runRows(
  processor: ChunkProcessor,
  rows: readonly (readonly Cell[])[],
  importIdOf: ImportIdOf,
) {
  for (let i = processor.run(rows, 0); i < rows.length; i = processor.run(rows, i)) {
    const year = processor.needYear as number;
    processor.setImportId(year, await importIdOf(year));
  }
}

/**
 * The rows of a source in the import's own thread: a part every `batchSize` rows. The rules run
 * 256 rows at a time, with a turn of the event loop in between while `busy()` (a write
 * waiting), so the writes' replies are handled while the file is read.
 */
export function inProcessParts(
  source: BudgetSource,
  settings: ChunkSettings,
  importIdOf: ImportIdOf,
  options: { batchSize: number; busy: () => boolean },
): PartSource {
  const processor = new ChunkProcessor(settings, new ChainIndex());
  async function* parts(): AsyncGenerator<ChunkResult> {
    let rowNo = 0;
    let open = false;
    for await (const batch of source.batches) {
      for (let from = 0; from < batch.length; from += 256) {
        if (!open) {
          processor.start(rowNo + 1);
          open = true;
        }
        const slice = batch.slice(from, from + 256);
        await runRows(processor, slice, importIdOf);
        rowNo += slice.length;
        if (processor.rowsInPart >= options.batchSize) {
          open = false;
          yield processor.finish();
        }
        if (options.busy()) await yieldToEventLoop();
      }
    }
    if (open) yield processor.finish();
  }
  return {
    parts: parts(),
    bytesRead: source.bytesRead,
    sha256: source.sha256,
    stopWriting: () => {
      processor.write = false;
    },
  };
}

const WORKER_ENTRY = new URL("./budget-parse-worker.mjs", import.meta.url);

export interface WorkerOptions {
  workers: number;
  /** Bytes per range handed to a worker. */
  rangeBytes: number;
}

/**
 * The rows of a CSV file processed by worker threads. This thread reads the file once, for its
 * SHA-256 and for the record boundaries (RecordBoundaryScanner), and hands out ranges of about
 * `rangeBytes`, at most two per worker at a time; the workers read their ranges themselves.
 * Results are given in range order. A range whose chains repeat one of an earlier range is
 * processed again here against the whole file's index, so a duplicate names the first row of
 * its chain, as a reading from top to bottom would; duplicates are rare, and the rows before
 * them are all that is redone.
 */
export function workerParts(
  path: string,
  layout: CsvLayout,
  settings: ChunkSettings,
  importIdOf: ImportIdOf,
  options: WorkerOptions,
): PartSource {
  const hash = createHash("sha256");
  let digest = "";
  let read = 0;
  const chains = new ChainIndex();
  const local = new ChunkProcessor(settings, chains);
  const setup: WorkerSetup = {
    path,
    fileName: layout.fileName,
    encoding: layout.encoding,
    delimiter: layout.delimiter,
    settings,
  };
  const workers: { worker: Worker; outstanding: number }[] = [];
  const results = new Map<number, ChunkResult | DomainError>();
  const rangesByIndex = new Map<number, RecordRange>();
  let failure: Error | null = null;
  let closing = false;
  let merged = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (err: Error) => {
    failure ??= err;
    notify();
  };
  const ids = new Map<number, Promise<number>>();
  const idOf = (year: number) => {
    let id = ids.get(year);
    if (!id) {
      id = importIdOf(year);
      ids.set(year, id);
    }
    return id;
  };

  const spawn = () => {
    const entry = {
      worker: new Worker(WORKER_ENTRY, {
        workerData: setup,
        // The same young generation as the import's own thread (bin/vigia.mjs): each row
        // leaves a few kilobytes of short-lived strings.
        resourceLimits: { maxYoungGenerationSizeMb: 192 },
      }),
      outstanding: 0,
    };
    entry.worker.on("message", (m: FromWorker) => {
      if (m.type === "year") {
        idOf(m.year).then(
          (importId) =>
            entry.worker.postMessage({
              type: "import-id",
              year: m.year,
              importId,
            } satisfies ToWorker),
          fail,
        );
        return;
      }
      entry.outstanding -= 1;
      if (m.type === "result") results.set(m.index, m.result);
      // Refused as CSV: the import fails with it when the merge reaches that range, as reading
      // from top to bottom would.
      else if (m.type === "refused") results.set(m.index, invalid(m.message, m.issues));
      else {
        const err = new Error(`hilo de importación: ${m.message}`);
        if (m.stack) err.stack = m.stack;
        fail(err);
      }
      notify();
      void dispatch();
    });
    entry.worker.on("error", fail);
    entry.worker.on("exit", (code) => {
      if (code !== 0 && !closing)
        fail(new Error(`un hilo de importación terminó con código ${code}`));
    });
    workers.push(entry);
  };

  // Ranges are handed out as soon as a worker has room, whatever the import's writes are
  // doing, up to `ahead` ranges dispatched but not yet merged: the writes may lag behind the
  // reading by that much without the workers waiting.
  const ahead = 4 * options.workers + 2;
  const block = Buffer.allocUnsafe(Math.max(1 << 20, Math.min(options.rangeBytes, 8 << 20)));
  const scanner = new RecordBoundaryScanner(
    layout.dataStart,
    options.rangeBytes,
    0,
    layout.dataStartLine,
  );
  const scanned: RecordRange[] = [];
  let file: Awaited<ReturnType<typeof open>> | null = null;
  let eof = false;
  /** The next range of the file, scanning further as needed. */
  const nextRange = async (): Promise<RecordRange | null> => {
    file ??= await open(path, "r");
    while (scanned.length === 0 && !eof) {
      const { bytesRead } = await file.read(block, 0, block.length, read);
      const bytes = block.subarray(0, bytesRead);
      hash.update(bytes);
      if (read + bytesRead > layout.dataStart) {
        const from = Math.max(0, layout.dataStart - read);
        scanner.scan(bytes.subarray(from), read + from);
      }
      read += bytesRead;
      if (bytesRead === 0 || read >= layout.totalBytes) {
        eof = true;
        scanned.push(...scanner.finish(read));
        digest = hash.digest("hex");
      } else scanned.push(...scanner.take());
    }
    return scanned.shift() ?? null;
  };
  let dispatched = 0;
  let mergedIndex = 0;
  let exhausted = false;
  let dispatching = false;
  const dispatch = async () => {
    if (dispatching) return;
    dispatching = true;
    try {
      while (!exhausted && !closing && dispatched - mergedIndex < ahead) {
        const free = workers.reduce(
          (best, w) => (best === null || w.outstanding < best.outstanding ? w : best),
          null as (typeof workers)[number] | null,
        );
        if (!free || free.outstanding >= 2) return;
        const range = await nextRange();
        if (!range) {
          exhausted = true;
          notify();
          return;
        }
        rangesByIndex.set(dispatched, range);
        free.outstanding += 1;
        free.worker.postMessage({ type: "range", index: dispatched, range } satisfies ToWorker);
        dispatched += 1;
      }
    } catch (err) {
      fail(err as Error);
    } finally {
      dispatching = false;
    }
  };

  async function* parts(): AsyncGenerator<ChunkResult> {
    try {
      for (let i = 0; i < options.workers; i++) spawn();
      for (let index = 0; ; index++) {
        mergedIndex = index;
        await dispatch();
        while (!results.has(index) && !failure && !(exhausted && index >= dispatched)) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        if (failure) throw failure;
        if (!results.has(index)) break;
        const got = results.get(index) as ChunkResult | DomainError;
        results.delete(index);
        if (got instanceof DomainError) throw got;
        let result = got;
        const range = rangesByIndex.get(index) as RecordRange;
        rangesByIndex.delete(index);
        if (!chains.addAllIfNew(result.chainHashes, result.chainRows)) {
          const rows = await readRecordRange(
            path,
            layout.fileName,
            layout.encoding,
            layout.delimiter,
            range,
          );
          local.start(range.firstRow);
          await runRows(local, rows, idOf);
          result = local.finish();
        }
        merged = range.end;
        yield result;
      }
    } finally {
      closing = true;
      await file?.close();
      await Promise.all(workers.map((w) => w.worker.terminate()));
    }
  }

  return {
    parts: parts(),
    bytesRead: () => merged,
    sha256: () => digest,
    stopWriting: () => {
      local.write = false;
      for (const w of workers) w.worker.postMessage({ type: "stop-writing" } satisfies ToWorker);
    },
  };
}
