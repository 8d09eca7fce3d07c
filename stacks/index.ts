/**
 * The Pulumi program of every OutcomeGuard stack (`main: stacks/` in Pulumi.yaml). What a stack
 * creates is declared in its config, `stacks/Pulumi.<stack>.yaml`; see stacks/config.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { buildStack } from "./program";

export = async () => buildStack(pulumi.runtime.allConfig());
