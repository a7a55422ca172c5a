/**
 * Workflow YAML read with go-yaml v3's acceptance (the parser under actionlint, which Scorecard
 * uses): a file Scorecard scores must not be skipped here as invalid, and a file go-yaml rejects
 * must not be scored. Checked against go-yaml itself on a corpus of real workflows
 * (`bench/scorecard-parsers/`). Where the `yaml` package and go-yaml differ:
 * - a quoted scalar may continue on a line indented less than its key (libyaml does not check
 *   the indentation of a flow scalar's continuation lines); such lines are padded before parsing —
 *   a flow scalar's line folding drops leading white space, so values and line numbers are kept;
 * - only the first document is read (`yaml.Unmarshal`); later documents are not looked at, nor
 *   is whatever follows a root node that a line cannot continue (go-yaml ends the document);
 * - an alias to an anchor not defined before it is an error (go-yaml: "unknown anchor").
 */
import { isAlias, isCollection, isNode, isScalar, parseAllDocuments, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';

/** A parsed first document and the text it was parsed from (same lines as the input). */
export type WorkflowYaml = { ok: true; doc: Document.Parsed; text: string } | { ok: false; offset: number; text: string; message: string };

const options = { uniqueKeys: false, keepSourceTokens: true } as const;

/** Parses `text` as go-yaml v3 would accept it; the error names the first problem's offset. */
export function readWorkflowYaml(input: string): WorkflowYaml {
  let text = input;
  // Each round pads one quoted scalar's continuation lines; a file has few multi-line quotes.
  for (let round = 0; round < 1000; round += 1) {
    const doc = firstDocument(text);
    const error = doc.errors[0];
    if (error === undefined) {
      const unknown = unknownAlias(doc);
      if (unknown !== null) return { ok: false, offset: unknown.offset, text, message: `unknown anchor '${unknown.name}' referenced` };
      return { ok: true, doc, text };
    }
    const ended = endOfFirstDocument(text, doc, error.pos[0]);
    if (ended !== null) {
      text = ended;
      continue;
    }
    const quote = error.code === 'MISSING_CHAR' ? /^Missing closing (["'])quote/.exec(error.message)?.[1] : undefined;
    const padded = quote === undefined ? null : padQuoted(text, error.pos[0], quote);
    if (padded === null || padded === text) {
      return { ok: false, offset: error.pos[0], text, message: (error.message.split('\n')[0] ?? error.message).replace(/:$/, '') };
    }
    text = padded;
  }
  return { ok: false, offset: 0, text, message: 'too many multi-line quoted scalars' };
}

function firstDocument(text: string): Document.Parsed {
  const docs = parseAllDocuments(text, options);
  // parseAllDocuments returns an EmptyStream (an array) for text without documents.
  const first = Array.isArray(docs) ? docs[0] : docs;
  return first ?? parseDocument(text, options);
}

/**
 * Re-indents the continuation lines of the unclosed-looking quoted scalar on the line ending at
 * `at` to one column past its opening quote; null when it has no closing quote.
 */
function padQuoted(text: string, at: number, quote: string): string | null {
  // The error points past the line's end; the scalar opens at the line's first quote that
  // starts a node (line start, after white space, or after a flow indicator).
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(lineStart, at);
  const start = new RegExp(`(?:^|[\\s\\[{,])${quote}`).exec(line);
  if (start === null) return null;
  const open = lineStart + start.index + start[0].length - 1;
  let end = -1;
  for (let i = open + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote === '"' && c === '\\') i += 1;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 1;
      else {
        end = i;
        break;
      }
    }
  }
  if (end === -1) return null;
  // At the quote's column a continuation line is inside every block collection around it.
  const indent = open - lineStart;
  const body = text.slice(open, end).replace(/\n([ \t]*)(?=[^\n])/g, (match: string, lead: string) =>
    lead.length > indent ? match : `\n${' '.repeat(indent + 1)}${lead.replace(/^ +/, '')}`,
  );
  return text.slice(0, open) + body + text.slice(end);
}

/**
 * The text up to the line of the error at `offset` when that line cannot continue the root node
 * (a scalar or flow collection, or a block collection indented more than the line): go-yaml's
 * parser then ends the document implicitly and `yaml.Unmarshal` reads nothing further.
 */
function endOfFirstDocument(text: string, doc: Document.Parsed, offset: number): string | null {
  const root = doc.contents;
  if (!isNode(root) || root.range === undefined || root.range === null || offset < root.range[1]) return null;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0 || lineStart < root.range[1] - 1) return null;
  const column = (text.slice(lineStart).match(/^ */)?.[0].length ?? 0);
  const rootColumn = root.range[0] - (text.lastIndexOf('\n', root.range[0] - 1) + 1);
  const closed = isScalar(root) || (isCollection(root) && root.flow === true) || column < rootColumn;
  return closed ? text.slice(0, lineStart) : null;
}

/** The first alias naming an anchor not defined before it, in document order. */
function unknownAlias(doc: Document.Parsed): { name: string; offset: number } | null {
  const anchors = new Set<string>();
  let found: { name: string; offset: number } | null = null;
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
    } else if (isNode(node) && node.anchor !== undefined) anchors.add(node.anchor);
    return undefined;
  });
  return found;
}
