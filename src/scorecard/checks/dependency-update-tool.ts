import { collectUpdateTools, type UpdateTool } from '../collect/dependency-update-tool.js';
import type { CheckDefinition } from '../types.js';
import { info, scored, warn } from './result.js';

const NAME = 'Dependency-Update-Tool';

/** 10 with any configured tool, else 0 (evaluation/dependency_update_tool.go). */
export function evaluateDependencyUpdateTool(tools: UpdateTool[]) {
  if (tools.length === 0) {
    return scored(NAME, 'files', 0, 'no update tool detected', [
      warn('no dependency update tool configurations found', { remediation: 'Add .github/dependabot.yml or a Renovate configuration (renovate.json).' }),
    ]);
  }
  return scored(NAME, 'files', 10, 'update tool detected', tools.map((tool) => info(`detected update tool: ${tool.name}`, { path: tool.path, line: 1 })));
}

export const dependencyUpdateTool: CheckDefinition<UpdateTool[]> = {
  name: NAME,
  risk: 'High',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#dependency-update-tool',
  collect: (view) => collectUpdateTools(view),
  evaluate: (tools) => evaluateDependencyUpdateTool(tools),
};
