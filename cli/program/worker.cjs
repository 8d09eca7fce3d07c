// Child process of `runStackProgram`: runs one Pulumi program under mocks and replies over IPC.
// Pulumi's runtime state is process-global, so every run gets a fresh process.
//
// Installed, the package ships ./capture.js; in the repository the sources are TypeScript, loaded
// through tsx for this module's own imports only (the program itself is compiled the Pulumi way,
// see capture.ts).
const fs = require("node:fs");
const path = require("node:path");
const compiled = path.join(__dirname, "capture.js");
const { captureProgram } = fs.existsSync(compiled)
  ? require(compiled)
  : require("tsx/cjs/api").require("./capture.ts", __filename);

function reply(message) {
  return new Promise((resolve) => {
    if (!process.send) {
      process.stdout.write(JSON.stringify(message) + "\n", () => resolve());
      return;
    }
    process.send(message, () => resolve());
  });
}

function errorReply(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return { ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
}

let done = false;
async function finish(message) {
  if (done) return;
  done = true;
  await reply(message);
  process.exit(0);
}

process.on("unhandledRejection", (err) => void finish(errorReply(err)));
process.on("uncaughtException", (err) => void finish(errorReply(err)));

process.once("message", (request) => {
  captureProgram(request).then(
    (result) => finish({ ok: true, ...result }),
    (err) => finish(errorReply(err)),
  );
});
