/**
 * Pulumi mocks over the fake cloud (./fake-cloud.ts): every custom resource gets the id and outputs
 * the cloud would hand back, components their inputs, and provider functions the fake cloud's
 * answers. An invoke the fake cloud cannot answer is recorded (with a hint) for the preview to name,
 * never a crash.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createResource, invoke, type CloudSettings } from "./fake-cloud";

/** An invoke the program called that the fake cloud could not answer. */
export interface UnansweredInvoke {
  readonly token: string;
  readonly hint: string;
}

/** The mocks, and the invokes they could not answer (each token once). */
export function fakeCloudMocks(settings: CloudSettings): {
  readonly mocks: pulumi.runtime.Mocks;
  readonly unanswered: UnansweredInvoke[];
} {
  const unanswered: UnansweredInvoke[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      if (!args.custom) return { id: undefined, state: inputs };
      const { id, outputs } = createResource(settings, args.type, args.name, inputs);
      return { id, state: outputs };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      const answer = invoke(settings, args.token, (args.inputs ?? {}) as Record<string, unknown>);
      if (!answer.answered && !unanswered.some((u) => u.token === args.token)) {
        unanswered.push({ token: args.token, hint: answer.hint });
      }
      return answer.outputs;
    },
  };
  return { mocks, unanswered };
}
