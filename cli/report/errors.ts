/** Input errors of `outcomeguard report`: each names the file, line and column it is about. */

export interface InputProblem {
  readonly line?: number;
  readonly column?: number;
  /** Extra location words after line and column, e.g. `(BillingCurrency)`. */
  readonly where?: string;
  readonly message: string;
}

/** Bad input: the report refuses to print anything rather than print part of it. */
export class ReportInputError extends Error {
  override readonly name = "ReportInputError";

  constructor(
    readonly file: string,
    readonly problems: readonly InputProblem[],
    /** How many further problems were found but not listed. */
    readonly more = 0,
  ) {
    super(formatProblems(file, problems, more));
  }
}

/** One `file:line:column: message` line per problem (compiler style, so editors can jump to it). */
export function formatProblems(file: string, problems: readonly InputProblem[], more = 0): string {
  const lines = problems.map((p) => {
    const at =
      p.line === undefined
        ? file
        : p.column === undefined
          ? `${file}:${p.line}`
          : `${file}:${p.line}:${p.column}`;
    return `${at}: ${p.where ? `${p.where}: ` : ""}${p.message}`;
  });
  if (more > 0) lines.push(`${file}: ... and ${more} more problem${more === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;
