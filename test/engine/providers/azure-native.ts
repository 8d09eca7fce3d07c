/** Entry point of the `pulumi-resource-azure-native` test double (see fake-provider.ts). */
import { main } from "@pulumi/pulumi/provider";
import { installedSdkVersion, makeProvider } from "./fake-provider";

void main(
  makeProvider("azure-native", installedSdkVersion("azure-native", "3.28.0")),
  process.argv.slice(2),
);
