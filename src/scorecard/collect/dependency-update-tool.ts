import type { RepoView } from '../types.js';

/** One configured update tool and the file that configures it. */
export interface UpdateTool {
  name: string;
  path: string;
}

/** Configuration files Scorecard recognises, lower-cased (raw/dependency_update_tool.go). */
const TOOL_FILES: Record<string, string> = {
  '.github/dependabot.yml': 'Dependabot',
  '.github/dependabot.yaml': 'Dependabot',
  'renovate.json': 'RenovateBot',
  'renovate.json5': 'RenovateBot',
  '.github/renovate.json': 'RenovateBot',
  '.github/renovate.json5': 'RenovateBot',
  '.gitlab/renovate.json': 'RenovateBot',
  '.gitlab/renovate.json5': 'RenovateBot',
  '.renovaterc': 'RenovateBot',
  '.renovaterc.json': 'RenovateBot',
  '.renovaterc.json5': 'RenovateBot',
  '.scala-steward.conf': 'scala-steward',
  'scala-steward.conf': 'scala-steward',
  '.github/.scala-steward.conf': 'scala-steward',
  '.github/scala-steward.conf': 'scala-steward',
  '.config/.scala-steward.conf': 'scala-steward',
  '.config/scala-steward.conf': 'scala-steward',
};

/** File names only: no file is read. */
export function collectUpdateTools(view: RepoView): Promise<UpdateTool[]> {
  const tools: UpdateTool[] = [];
  for (const file of view.files) {
    const name = TOOL_FILES[file.path.toLowerCase()];
    if (name) tools.push({ name, path: file.path });
  }
  return Promise.resolve(tools);
}
