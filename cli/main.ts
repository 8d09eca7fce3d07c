/** Entry point of the `outcomeguard` command. */
import { selfcheck } from "./selfcheck";

export const USAGE = `usage: outcomeguard <command>

commands:
  selfcheck   run the domain model over the source articles' examples`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case "selfcheck":
      return selfcheck((line) => console.log(line));
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`outcomeguard: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}
