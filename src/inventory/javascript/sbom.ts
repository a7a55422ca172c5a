import { PackageURL } from 'packageurl-js';
import type { Ecosystem, SourceKind } from '../types.js';
import { makeNode, type EdgeKind, type LockEdge, type LockGraph, type LockNode } from './graph.js';
import type { LockfileInput } from './input.js';
import { parseJson, record, text } from './parse-text.js';

/**
 * CycloneDX (1.4–1.6) and SPDX (2.2/2.3) JSON SBOMs as input (issue #2), e.g. `npm sbom`,
 * syft or another tool's output kept in a repository. Components become packages with the purl
 * the SBOM gives; its dependency graph (CycloneDX `dependencies`, SPDX `relationships`) gives
 * direct, scope and paths, starting at the component the SBOM describes.
 */
export function parseSbom(input: LockfileInput): LockGraph {
  const json = record(parseJson(input.text, input.path));
  if (json.bomFormat === 'CycloneDX') return parseCycloneDx(json, input);
  if (typeof json.spdxVersion === 'string') return parseSpdx(json, input);
  return { format: 'not an SBOM', roots: [], nodes: [], problems: [] };
}

const ECOSYSTEMS: Record<string, Ecosystem> = { npm: 'npm', pypi: 'pypi', github: 'github' };

/** A node from a purl (name, version, ecosystem) or, lacking one, the SBOM's name and version. */
function nodeFromComponent(name: string, version: string | undefined, purl: string | undefined): LockNode {
  let parsed: PackageURL | null = null;
  try {
    parsed = purl ? PackageURL.fromString(purl) : null;
  } catch {
    parsed = null;
  }
  const fullName = parsed ? (parsed.namespace ? `${parsed.namespace}/${parsed.name}` : parsed.name) : name;
  const source: SourceKind = parsed?.type === 'npm' ? 'registry' : parsed ? 'vendored' : 'unknown';
  const node = makeNode(fullName, parsed?.version ?? version ?? null, source);
  node.purl = purl ?? null;
  node.ecosystem = parsed ? (ECOSYSTEMS[parsed.type] ?? 'generic') : 'generic';
  return node;
}

function parseCycloneDx(bom: Record<string, unknown>, input: LockfileInput): LockGraph {
  const graph: LockGraph = { format: `CycloneDX ${text(bom.specVersion) ?? '?'}`, roots: [], nodes: [], problems: [] };
  const byRef = new Map<string, LockNode>();
  const scopes = new Map<LockNode, EdgeKind>();
  const visit = (components: unknown): void => {
    if (!Array.isArray(components)) return;
    for (const value of components) {
      const component = record(value);
      const node = nodeFromComponent(text(component.name) ?? '?', text(component.version), text(component.purl));
      // CycloneDX scope: required, optional, or excluded (not shipped: dev and build tooling).
      scopes.set(node, component.scope === 'optional' ? 'optional' : component.scope === 'excluded' ? 'dev' : 'prod');
      graph.nodes.push(node);
      const ref = text(component['bom-ref']);
      if (ref !== undefined) byRef.set(ref, node);
      visit(component.components);
    }
  };
  visit(bom.components);
  const described = text(record(record(bom.metadata).component)['bom-ref']);
  const dependsOn = new Map<string, string[]>();
  for (const value of Array.isArray(bom.dependencies) ? bom.dependencies : []) {
    const entry = record(value);
    const ref = text(entry.ref);
    if (ref !== undefined) dependsOn.set(ref, Array.isArray(entry.dependsOn) ? entry.dependsOn.filter((item): item is string => typeof item === 'string') : []);
  }
  const edgesOf = (ref: string): LockEdge[] =>
    (dependsOn.get(ref) ?? []).flatMap((target) => {
      const node = byRef.get(target);
      return node ? [{ kind: scopes.get(node) ?? 'prod', to: node }] : [];
    });
  for (const [ref, node] of byRef) node.edges = edgesOf(ref);
  const rootEdges = described !== undefined && dependsOn.has(described) ? edgesOf(described) : graph.nodes.map((node) => ({ kind: scopes.get(node) ?? 'prod', to: node }));
  graph.roots.push({ label: input.path, edges: rootEdges });
  return graph;
}

const SPDX_EDGES: Record<string, EdgeKind> = {
  DEPENDS_ON: 'prod',
  DEPENDENCY_OF: 'prod',
  DEV_DEPENDENCY_OF: 'dev',
  OPTIONAL_DEPENDENCY_OF: 'optional',
  RUNTIME_DEPENDENCY_OF: 'prod',
  BUILD_DEPENDENCY_OF: 'dev',
  TEST_DEPENDENCY_OF: 'dev',
};

function parseSpdx(document: Record<string, unknown>, input: LockfileInput): LockGraph {
  const graph: LockGraph = { format: text(document.spdxVersion) ?? 'SPDX', roots: [], nodes: [], problems: [] };
  const byId = new Map<string, LockNode>();
  for (const value of Array.isArray(document.packages) ? document.packages : []) {
    const pkg = record(value);
    const purl = (Array.isArray(pkg.externalRefs) ? pkg.externalRefs : []).map(record).find((ref) => ref.referenceType === 'purl');
    const node = nodeFromComponent(text(pkg.name) ?? '?', text(pkg.versionInfo), text(purl?.referenceLocator));
    const id = text(pkg.SPDXID);
    if (id !== undefined) byId.set(id, node);
    graph.nodes.push(node);
  }
  const described = new Set<string>(Array.isArray(document.documentDescribes) ? document.documentDescribes.filter((item): item is string => typeof item === 'string') : []);
  const edges = new Map<string, LockEdge[]>();
  const addEdge = (from: string, to: string, kind: EdgeKind): void => {
    const target = byId.get(to);
    if (target === undefined) return;
    edges.set(from, [...(edges.get(from) ?? []), { kind, to: target }]);
  };
  for (const value of Array.isArray(document.relationships) ? document.relationships : []) {
    const relation = record(value);
    const type = text(relation.relationshipType) ?? '';
    const element = text(relation.spdxElementId) ?? '';
    const related = text(relation.relatedSpdxElement) ?? '';
    if (type === 'DESCRIBES' && element === 'SPDXRef-DOCUMENT') described.add(related);
    const kind = SPDX_EDGES[type];
    if (kind === undefined) continue;
    // `A DEPENDS_ON B`: A needs B. `A DEPENDENCY_OF B` (and the dev/optional forms): B needs A.
    if (type === 'DEPENDS_ON') addEdge(element, related, kind);
    else addEdge(related, element, kind);
  }
  for (const [id, node] of byId) node.edges = described.has(id) ? [] : (edges.get(id) ?? []);
  // The described package is the project itself: a root, not a component.
  const rootEdges = [...described].flatMap((id) => edges.get(id) ?? []);
  for (const id of described) {
    const node = byId.get(id);
    if (node) node.workspace = true;
  }
  graph.roots.push({ label: input.path, edges: rootEdges.length > 0 ? rootEdges : graph.nodes.filter((node) => !node.workspace).map((node) => ({ kind: 'prod' as const, to: node })) });
  return graph;
}
