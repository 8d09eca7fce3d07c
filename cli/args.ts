/**
 * A subcommand's command line: node's parseArgs with the options every pack-driving command takes
 * (`--policy-pack`, `--policy-pack-config`, `--json`, `--help`), the usage on a bad option (exit 2)
 * and on `--help` (exit 0).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface CommandIo {
  out(s: string): void;
  err(s: string): void;
  /** Colour the human output (default: when stdout is a terminal and NO_COLOR is unset). */
  readonly color?: boolean;
}

/** The options of every command that runs a policy pack. */
export const PACK_OPTIONS = {
  "policy-pack": { type: "string" },
  "policy-pack-config": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true }>
>["values"];

/** The parsed options, or the exit code when the command ends here (bad option, --help). */
export function commandArgs<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  usage: string,
  io: CommandIo,
): Values<O & typeof PACK_OPTIONS> | number {
  let values: Values<O & typeof PACK_OPTIONS>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: { ...options, ...PACK_OPTIONS },
    }) as { values: Values<O & typeof PACK_OPTIONS> });
  } catch (e) {
    io.err(`outcomeguard ${command}: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    io.out(usage);
    return 0;
  }
  return values;
}
