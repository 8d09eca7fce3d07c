/** Entry point of the `outcomeguard` command. */
import { auditCommand } from "./audit/command";
import { previewCommand } from "./preview/command";
import { reportCommand } from "./report/command";

export const USAGE = `usage: outcomeguard [command] [options]

commands:
  preview     preview the Pulumi project here offline and judge it with a policy pack (the
              default command)
  audit       run the policy pack over deployed stacks (stack exports or a DIY backend)
  report      spend by outcome for finance (see outcomeguard report --help)
  help        show this help

Run \`outcomeguard <command> --help\` for a command's options.
Exit codes: 0 success; 1 mandatory policy violations; 2 usage or configuration errors.`;

export interface MainIo {
  out(s: string): void;
  err(s: string): void;
  readonly color?: boolean;
}

const consoleIo: MainIo = {
  out: (s) => console.log(s),
  err: (s) => console.error(s),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb",
};

export async function main(argv: readonly string[], io: MainIo = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return previewCommand([], io);
    case "preview":
      return previewCommand(rest, io);
    case "report":
      return reportCommand(rest, io);
    case "audit":
      return auditCommand(rest, io);
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return 0;
    default:
      if (command.startsWith("-")) return previewCommand(argv, io);
      io.err(`outcomeguard: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
