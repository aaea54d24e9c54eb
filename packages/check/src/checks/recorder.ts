// What one check gathers as it runs: the requests it made and the deviations their answers showed.
import type { Deviation } from "@giosg-reporting/contract";
import { contradicts } from "../contradicts";
import type { Exchange, Probe, Prober } from "../prober";
import type { CheckDeviation, RequestEvidence } from "../report";

/** A row of an answer, as it came. */
export type Row = Record<string, unknown>;

/** Why an answer that passed a bound leaves its check unmade, such as `an answer is larger than 4194304 bytes (--max-answer-bytes): …`. */
export function cutReason({ request, answer }: Exchange, whose = "an answer"): string {
  const rows = request.rows === undefined ? "" : ` (${request.rows} rows)`;
  return `${whose} is ${answer?.cut}: it was checked up to there${rows} and the rest not read`;
}

/** Sends a check's probes, audits every answer with the contract's audit, and keeps the deviations. */
export class CheckRecorder {
  readonly requests: RequestEvidence[] = [];
  readonly deviations: CheckDeviation[] = [];
  /** Why the check could not be made whole: an answer it got passed a bound and was read only in part. */
  skip: string | undefined;
  readonly #prober: Prober;

  constructor(prober: Prober) {
    this.#prober = prober;
  }

  /** Sends `probe`; what the contract's audit found in its answer (any status) is kept. */
  async send(probe: Probe): Promise<Exchange> {
    const exchange = await this.#prober.send(probe);
    this.requests.push(exchange.request);
    if (exchange.answer) {
      for (const deviation of exchange.answer.deviations) this.deviate(deviation, exchange);
      if (exchange.answer.cut !== undefined) this.skip ??= cutReason(exchange);
    } else {
      this.deviate(
        {
          check: "answer.none",
          message: `no answer: ${exchange.failure ?? "the request failed"}`,
        },
        exchange,
      );
    }
    return exchange;
  }

  /** Records a deviation, with the request whose answer shows it. */
  deviate(deviation: Deviation, exchange?: Exchange): void {
    this.deviations.push({
      ...deviation,
      contradicts: contradicts(deviation.reading),
      ...(exchange ? { request: exchange.request } : {}),
    });
  }

  /**
   * The rows of a 200 answer; for any other answer, a deviation saying a 200 was expected (a 404
   * contradicts the reading of empty answers) and `undefined`.
   */
  rowsOf(exchange: Exchange): Row[] | undefined {
    const { answer } = exchange;
    if (!answer) return undefined;
    if (answer.status !== 200) {
      const body = answer.body as { code?: unknown; detail?: unknown } | null;
      this.deviate(
        {
          check: "status",
          ...(answer.status === 404 ? { reading: "empty-answers" as const } : {}),
          message: `answered ${answer.status}, not 200, to a valid query of an existing step`,
          expected: 200,
          actual: {
            status: answer.status,
            ...(typeof body === "object" && body !== null
              ? { code: body.code, detail: body.detail }
              : { body }),
          },
        },
        exchange,
      );
      return undefined;
    }
    // A cut answer's rows are only its first ones: no relation between answers can be held on them.
    if (answer.cut !== undefined) return undefined;
    const data = (answer.body as { data?: unknown } | null | undefined)?.data;
    // The audit already said the data is not an array.
    return Array.isArray(data) ? (data as Row[]) : undefined;
  }
}
