/** Entry point of the `pulumi-resource-aws` test double (see fake-provider.ts). */
import { main } from "@pulumi/pulumi/provider";
import { installedSdkVersion, makeProvider } from "./fake-provider";

void main(makeProvider("aws", installedSdkVersion("aws", "7.48.0")), process.argv.slice(2));
