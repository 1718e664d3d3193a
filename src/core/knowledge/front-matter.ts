import { parse as parseYaml } from 'yaml';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** What a document's front matter says, what it takes of the text, and what a curator is told of how it was read. */
export interface ReadFrontMatter {
  data: unknown;
  /** How much of the text the front matter takes, its fences included. */
  length: number;
  /** How it was read where it was not written as it should be; the document is published all the same. */
  notes: { field: string; message: string }[];
}

/**
 * The front matter a text opens with (its line endings \n), read: undefined when it has none, a
 * problem when it cannot be read. A value holding ": " written without quotes (title: Klima: hva vi
 * sier) is YAML only in quotes: it is read as the text it is, and named.
 */
export function readFrontMatter(text: string): ReadFrontMatter | { problem: string } | undefined {
  const front = frontMatterOf(text);
  if (!front) return undefined;
  const notes: ReadFrontMatter['notes'] = [];
  if (front.unclosed) notes.push({ field: '(front matter)', message: `the front matter opened by --- on line 1 is never closed: read to line ${front.unclosed} as front matter; write a --- line after it` });
  try {
    return { data: parseYaml(front.yaml, { prettyErrors: false }), length: front.length, notes };
  } catch (err) {
    const quoted = withColonsQuoted(front.yaml);
    const read = quoted.fields.length > 0 ? tryYaml(quoted.yaml) : undefined;
    if (read !== undefined) {
      for (const field of quoted.fields) notes.push({ field, message: `${field} holds ": ", which YAML reads only in quotes: read as the text after "${field}:"; write it in quotes` });
      return { data: read, length: front.length, notes };
    }
    // the line in the file: the front matter starts on the line after its opening ---
    const at = (err as { pos?: [number, number] }).pos?.[0];
    const line = at === undefined ? '' : ` (line ${2 + (front.yaml.slice(0, at).match(/\n/g)?.length ?? 0)})`;
    return { problem: `invalid YAML${line}: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Front matter between two `---` lines (YAML); an editor may leave spaces after either. */
const FRONT = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/;
/** Front matter between two `+++` lines: TOML, as Hugo writes it. */
const TOML_FRONT = /^\+\+\+[ \t]*\n(?:([\s\S]*?)\n)?\+\+\+[ \t]*(?:\n|$)/;
/** A `---` that opens front matter no `---` closes: the lines after it up to a blank line or a heading. */
const UNCLOSED_FRONT = /^---[ \t]*\n((?:(?![ \t]*(?:\n|$)|#)[^\n]*(?:\n|$))+)/;
/** The fields front matter has: a run of lines that names none of them is no front matter. */
const FRONT_FIELDS = ['title', 'lang', 'source', 'owner', 'reviewed', 'tags'];

/**
 * The front matter a text opens with, as YAML, the length of what it takes of the text, and
 * (`unclosed`) the line it ends on when no line closes it. TOML between `+++` lines is read as YAML (its `key = value` lines are `key: value`; a `[table]` and
 * what follows it holds no field Kompis reads). Front matter opened with `---` and never closed (the
 * closing line forgotten) is read up to the first blank line or heading, when those lines name a
 * field, and `unclosed` says so: otherwise it would be published as text, and quoted to the agents.
 */
function frontMatterOf(text: string): { yaml: string; length: number; unclosed?: number } | undefined {
  const yaml = FRONT.exec(text);
  if (yaml) return { yaml: yaml[1] ?? '', length: yaml[0].length };
  const toml = TOML_FRONT.exec(text);
  if (toml) return { yaml: tomlAsYaml(toml[1] ?? ''), length: toml[0].length };
  const open = UNCLOSED_FRONT.exec(text);
  if (!open) return undefined;
  let data: unknown;
  try {
    data = parseYaml(open[1]!);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || !Object.keys(data).some((k) => FRONT_FIELDS.includes(k))) return undefined;
  return { yaml: open[1]!, length: open[0].length, unclosed: open[1]!.replace(/\n$/, '').split('\n').length + 1 };
}

/** A top-level field whose plain value holds ": " (YAML's nested mapping), not quoted or a list. */
const COLON_VALUE = /^([A-Za-z][\w-]*):[ \t]+((?![\s"'[{|>&*!#])(?:(?![ \t]#).)*?:[ \t](?:(?![ \t]#).)*?)[ \t]*(?:[ \t]#.*)?$/gm;

/** Front matter with each top-level value that holds ": " put in quotes, and the fields that were. */
function withColonsQuoted(yaml: string): { yaml: string; fields: string[] } {
  const fields: string[] = [];
  const quoted = yaml.replace(COLON_VALUE, (_, field: string, value: string) => {
    fields.push(field);
    return `${field}: ${JSON.stringify(value)}`;
  });
  return { yaml: quoted, fields };
}

function tryYaml(yaml: string): unknown {
  try {
    return parseYaml(yaml, { prettyErrors: false });
  } catch {
    return undefined;
  }
}

/** TOML's top-level `key = value` lines as YAML: its strings, arrays, numbers and dates are written alike. */
function tomlAsYaml(toml: string): string {
  const lines = toml.split('\n');
  const table = lines.findIndex((l) => /^\s*\[/.test(l));
  return (table < 0 ? lines : lines.slice(0, table)).map((l) => l.replace(/^(\s*[\w-]+)\s*=\s*/, '$1: ')).join('\n');
}
