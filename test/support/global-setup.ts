/**
 * vitest globalSetup: build the policy pack bundle (policies/dist/index.js) once before the suites
 * that launch it. The suites also rebuild on their own when the bundle is missing or stale, so
 * they pass without this setup too; with it they skip that work.
 */
import { buildPolicyPack } from "./policy-pack";

export default function setup(): void {
  buildPolicyPack();
}
