/** The message of the error of class `type` that `fn` throws; any other outcome fails the test. */
export function thrownMessage(
  type: abstract new (...args: never[]) => Error,
  fn: () => unknown,
): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e.message;
    throw e;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
