/**
 * syntax.Walk without its cost. mvdan-sh's `syntax.Walk` wraps every node it visits in
 * `js.MakeFullWrapper` (a fresh object with a getter per field and a method per Go method), and
 * every field read through a wrapper converts the Go value again (slices copied into new arrays
 * of new wrappers, strings decoded): on a 15 kB script that was ~1 s of a 1.1 s scan. This walk
 * reads the Go structs GopherJS built directly (`__internal_object__` of the parser's result):
 * plain JavaScript objects whose fields are the Go fields, slices as `{$array, $offset,
 * $length}`, strings as UTF-8 byte strings, a nil pointer as its type's `nil` object and a nil
 * interface as GopherJS' `$ifaceNil` (no `$val`).
 *
 * The order is syntax.Walk's at mvdan/sh b632912 (the commit mvdan-sh 0.10.1 was built from:
 * syntax/walk.go), parents first; Comment nodes are not visited (no rule reads them, and they
 * are the only nodes Walk reorders).
 */

/** A Go slice as GopherJS stores it. */
export interface GoSlice<T> {
  $array: T[];
  $offset: number;
  $length: number;
}

/** Any node of the tree: a GopherJS pointer to one of syntax's structs. */
export interface GoNode {
  $val?: unknown;
  constructor: { string: string; nil?: unknown };
  Pos(): { Line(): number; Offset(): number };
  End(): { Line(): number; Offset(): number };
}

type Fields = Record<string, unknown>;

/** The elements of a Go slice (a copy of the references only). */
export function items<T>(slice: GoSlice<T>): T[] {
  return slice.$array.slice(slice.$offset, slice.$offset + slice.$length);
}

/** A Go string (UTF-8 bytes, one per char code) as JavaScript text, as GopherJS' $externalize. */
export function goString(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Not a nil pointer (its type's `nil` object) nor a nil interface (`$ifaceNil`, no `$val`). */
export function present(value: unknown): value is GoNode {
  if (value === null || value === undefined) return false;
  const node = value as GoNode;
  return node.$val !== undefined && node !== node.constructor.nil;
}

/** The node's Go type name without the package: `CallExpr`, `Stmt`, `Lit`, … */
export function kindOf(node: GoNode): string {
  return node.constructor.string.slice('*syntax.'.length);
}

/** Visits the node and everything under it in syntax.Walk's order (Comment nodes excepted). */
export function walkTree(root: GoNode, visit: (node: GoNode, kind: string) => void): void {
  const each = (slice: unknown): void => {
    const { $array, $offset, $length } = slice as GoSlice<unknown>;
    for (let i = $offset; i < $offset + $length; i++) walk($array[i]);
  };
  const maybe = (value: unknown): void => {
    if (present(value)) walk(value);
  };
  function walk(value: unknown): void {
    const node = value as GoNode;
    const kind = kindOf(node);
    visit(node, kind);
    const x = node as unknown as Fields;
    switch (kind) {
      case 'File':
      case 'Subshell':
      case 'Block':
      case 'CmdSubst':
      case 'ProcSubst':
        each(x.Stmts);
        return;
      case 'Stmt':
        maybe(x.Cmd);
        each(x.Redirs);
        return;
      case 'Assign':
        maybe(x.Name);
        maybe(x.Value);
        maybe(x.Index);
        maybe(x.Array);
        return;
      case 'Redirect':
        maybe(x.N);
        walk(x.Word);
        maybe(x.Hdoc);
        return;
      case 'CallExpr':
        each(x.Assigns);
        each(x.Args);
        return;
      case 'IfClause':
        each(x.Cond);
        each(x.Then);
        maybe(x.Else);
        return;
      case 'WhileClause':
        each(x.Cond);
        each(x.Do);
        return;
      case 'ForClause':
        walk(x.Loop);
        each(x.Do);
        return;
      case 'WordIter':
        walk(x.Name);
        each(x.Items);
        return;
      case 'CStyleLoop':
        maybe(x.Init);
        maybe(x.Cond);
        maybe(x.Post);
        return;
      case 'BinaryCmd':
      case 'BinaryArithm':
      case 'BinaryTest':
        walk(x.X);
        walk(x.Y);
        return;
      case 'FuncDecl':
        walk(x.Name);
        walk(x.Body);
        return;
      case 'Word':
      case 'DblQuoted':
        each(x.Parts);
        return;
      case 'ParamExp': {
        walk(x.Param);
        maybe(x.Index);
        const repl = x.Repl as Fields & GoNode;
        if (repl !== repl.constructor.nil) {
          maybe(repl.Orig);
          maybe(repl.With);
        }
        const exp = x.Exp as Fields & GoNode;
        if (exp !== exp.constructor.nil) maybe(exp.Word);
        return;
      }
      case 'ArithmExp':
      case 'ArithmCmd':
      case 'UnaryArithm':
      case 'UnaryTest':
      case 'ParenArithm':
      case 'ParenTest':
      case 'TestClause':
        walk(x.X);
        return;
      case 'CaseClause':
        walk(x.Word);
        each(x.Items);
        return;
      case 'CaseItem':
        each(x.Patterns);
        each(x.Stmts);
        return;
      case 'DeclClause':
        each(x.Args);
        return;
      case 'ArrayExpr':
        each(x.Elems);
        return;
      case 'ArrayElem':
        maybe(x.Index);
        maybe(x.Value);
        return;
      case 'ExtGlob':
        walk(x.Pattern);
        return;
      case 'TimeClause':
        maybe(x.Stmt);
        return;
      case 'CoprocClause':
        maybe(x.Name);
        walk(x.Stmt);
        return;
      case 'LetClause':
        each(x.Exprs);
        return;
      case 'TestDecl':
        walk(x.Description);
        walk(x.Body);
        return;
      case 'Lit':
      case 'SglQuoted':
        return;
      default:
        // syntax.Walk panics on a node type it does not know; so does this walk.
        throw new Error(`walkTree: unexpected node type ${node.constructor.string}`);
    }
  }
  walk(root);
}
