// Child process of `runStackProgram`: runs one Pulumi program under mocks and replies over IPC.
// Pulumi's runtime state is process-global, so every run gets a fresh process.
require("tsx/cjs");
const { captureProgram } = require("./capture.ts");

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
    (resources) => finish({ ok: true, resources }),
    (err) => finish(errorReply(err)),
  );
});
