/** The runtime area's public surface: permission policies, `vigil run`, integrity manifests. */
export type { NetRule, NodeCapabilities, PolicyVariables, ResolvedPolicy, TraceFile, TraceRecord } from './types.js';
export { checkWrittenPolicy, POLICY_FILE_NAME, type WrittenPolicy } from './policy/schema.js';
export { loadPolicy, parsePolicy, policyPin } from './policy/load.js';
export { permissionFlags } from './policy/flags.js';
export { probeNode } from './node-probe.js';
export { planRun, executeRun, cachedNamespaces, entryPoint, defaultPolicyFile, PRELOAD_DIR, type RunPlan, type IntegrityLaunch } from './run.js';
export { prepareRun, policyVariables, resolveCommand, resolveCommands } from './launch.js';
export { checkManifest, MANIFEST_FILE_NAME, parseManifest, type IntegrityManifest } from './integrity/manifest-format.js';
export { generateManifest, listModuleFiles, serialiseManifest } from './integrity/manifest.js';
export { generateSigningKeys, keyFingerprint, readPrivateKey, readPublicKey, signBytes, verifyBytes, SIGNATURE_SUFFIX } from './integrity/sign.js';
export { prepareIntegrity, verifyFilesOnDisk, manifestRoot } from './integrity/verify.js';
export { inferPolicy, serialisePolicy, describeAccess, packageOf, type Inference, type PackageAccess } from './policy/infer.js';
export { traceCommand, inferFromCommand, readTraceDir } from './trace-run.js';
export { InferReport, modulesFromReport } from './report.js';
export { ACCEPT_GUARD_FLAG } from './net-outer.js';
export { childProcessGaps, networkGaps, escapingSymlinks, inheritedDescriptors, permissionCves, nodeGaps, type Gap } from './check.js';
export { chooseIntegrity, type IntegrityMode } from './integrity/mode.js';
export { cachedBubblewrap, sandboxMissingReason, bubblewrapArgs, type SandboxRequest } from './sandbox.js';
