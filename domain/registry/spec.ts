/** What the registry says about one AI resource type. */
import type { Bag, CapacityFact, ModelRead } from "./read";
import type { TagCloud } from "../tags";

/**
 * How a type carries its tags: a `tags` map, a `tags` list of `{key, value}` (AWS Cloud Control),
 * GCP `labels`, or none at all.
 */
export type TagForm = "map" | "list" | "labels" | "none";

interface Base {
  /** The type token, without API-version segments. */
  readonly token: string;
  readonly cloud: TagCloud;
  /** The Pulumi package that defines it. */
  readonly provider: "aws" | "aws-native" | "azure-native" | "azure" | "gcp";
  readonly tags: TagForm;
}

/** A resource that serves or invokes a model. */
export interface EndpointSpec extends Base {
  readonly role: "endpoint";
  /** A slug for the kind of endpoint (`bedrock-agent`); one kind may span providers. */
  readonly kind: string;
  /** What it is, for messages and docs ("Bedrock agent"). */
  readonly label: string;
  /** Where the model is read, for docs (`foundationModel`). */
  readonly modelAt: string;
  readonly models: (props: Bag) => readonly ModelRead[];
  /** Where capacity is read, for docs; absent when the type declares none. */
  readonly capacityAt?: string;
  readonly capacity?: (props: Bag) => readonly CapacityFact[];
}

/** An account models are billed to (tag it), possibly with shared-key (local) auth to turn off. */
export interface AccountSpec extends Base {
  readonly role: "account";
  readonly label: string;
  /** The `kind` values that make it an AI account; absent when every one is. */
  readonly kinds?: readonly string[];
  readonly localAuth?: {
    /** The property that says whether local auth is on (`properties.disableLocalAuth`). */
    readonly path: readonly string[];
    /** The value that turns local auth off (`true` for disableLocalAuth, `false` for localAuthEnabled). */
    readonly offWhen: boolean;
    /** What leaving it unset means, for the message. */
    readonly unsetNote: string;
  };
}

export interface BudgetSpec extends Base {
  readonly role: "budget";
}

/** An IAM resource that can grant model access: a document, an attachment by ARN, or an identity. */
export interface IamSpec extends Base {
  readonly role: "iam";
  readonly grants:
    | { readonly kind: "document"; readonly document: string }
    | { readonly kind: "attachment"; readonly arn: string }
    | {
        readonly kind: "identity";
        readonly inline: string;
        readonly inlineDocument: string;
        readonly inlineName: string;
        readonly managed: string;
      };
}

/** A resource that opens model usage with nothing to gate (an enabled AI API). */
export interface UsageSpec extends Base {
  readonly role: "usage";
  readonly label: string;
  /** The property whose value decides what it opens. */
  readonly usageAt: string;
  /** What that (known) value opens ("the Vertex AI API"), or undefined when it opens no AI usage. */
  readonly opens: (value: unknown) => string | undefined;
}

export type ResourceSpec = EndpointSpec | AccountSpec | BudgetSpec | IamSpec | UsageSpec;
