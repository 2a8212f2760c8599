/** nbformat 4 as far as the runner reads and writes it (https://nbformat.readthedocs.io). */

/** Jupyter stores text either as one string or as a list of lines that keep their `\n`. */
export type MultilineString = string | string[];

/** Mime type → data: strings for text and base64 images, objects for JSON types (vega-lite). */
export type MimeBundle = Record<string, unknown>;

export type StreamOutput = { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString };

export type DisplayDataOutput = {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: Record<string, unknown>;
};

export type ExecuteResultOutput = {
  output_type: 'execute_result';
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
};

export type ErrorOutput = { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

export type NotebookOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export type CodeCell = {
  cell_type: 'code';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs: NotebookOutput[];
  execution_count: number | null;
};

export type TextCell = {
  cell_type: 'markdown' | 'raw';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  attachments?: Record<string, unknown>;
};

export type NotebookCell = CodeCell | TextCell;

export type KernelSpec = { name: string; display_name: string; language?: string };

export type NotebookDocument = {
  nbformat: 4;
  nbformat_minor: number;
  metadata: { kernelspec?: KernelSpec; language_info?: Record<string, unknown>; [key: string]: unknown };
  cells: NotebookCell[];
};

/** The kernelspec every workbook notebook names (what `tslab install` registers). */
export const TSLAB_KERNELSPEC: KernelSpec = {
  name: 'tslab',
  display_name: 'TypeScript',
  language: 'typescript',
};
