/**
 * The policy pack, as the preview drives it: the project's Analyzer client
 * (`cli/analyzer/client.ts`) launches the pack as the engine does and speaks the Analyzer gRPC
 * protocol.
 */
import {
  launchPolicyPack,
  type PolicyPackSession,
  type StackConfiguration,
} from "../analyzer/client";

export type {
  AnalyzerDiagnostic,
  AnalyzerInfo,
  AnalyzerResource,
  PolicyPackSession,
  StackConfiguration,
} from "../analyzer/client";

/** Start the pack in `packDir` with the stack's environment, as the engine starts an analyzer. */
export function launchAnalyzer(
  packDir: string,
  stack?: StackConfiguration,
): Promise<PolicyPackSession> {
  return launchPolicyPack(packDir, stack ? { stack } : {});
}
