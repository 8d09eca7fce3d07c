import { SIMPLE_TASKS } from "../../domain/governance";
import { rule } from "../../domain/rules/model-tier-fits-task";
import { resourcePolicy } from "../adapter";
import { either, K } from "../text";

const SIMPLE = either(SIMPLE_TASKS);

export default resourcePolicy(
  {
    name: "model-tier-fits-task",
    description: `A premium model should not serve a task declared as ${SIMPLE}.`,
    enforcementLevel: "advisory",
    remediation: `Serve ${either(SIMPLE_TASKS, "and")} with an economy or standard model (Claude Haiku, Nova Lite or Micro, GPT-4o mini, GPT-4.1 nano), or correct ${K.taskClass} if the task really needs reasoning.`,
    checks: `Flags an endpoint whose model the catalog places in the premium tier while its ${K.taskClass} says ${SIMPLE}, tasks an economy model handles at a fraction of the price.`,
    settings: ["tagPrefix", "catalogOverrides", "waivers"],
  },
  rule,
);
