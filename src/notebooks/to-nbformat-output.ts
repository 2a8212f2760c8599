import type { JupyterMessage } from './jupyter-message';
import type { MimeBundle, NotebookOutput } from './notebook-document';

type Content = Record<string, unknown>;

/**
 * The nbformat 4 output for one iopub message (`stream`, `display_data`, `execute_result`,
 * `error`); undefined for messages that are not outputs (status, execute_input, clear_output,
 * update_display_data: the collector handles the last two).
 */
export function toNbformatOutput(message: JupyterMessage): NotebookOutput | undefined {
  const content: Content = message.content;
  switch (message.header.msg_type) {
    case 'stream':
      return {
        output_type: 'stream',
        name: content.name === 'stderr' ? 'stderr' : 'stdout',
        text: typeof content.text === 'string' ? content.text : '',
      };
    case 'display_data':
      return { output_type: 'display_data', data: bundle(content.data), metadata: object(content.metadata) };
    case 'execute_result':
      return {
        output_type: 'execute_result',
        execution_count: typeof content.execution_count === 'number' ? content.execution_count : null,
        data: bundle(content.data),
        metadata: object(content.metadata),
      };
    case 'error':
      return {
        output_type: 'error',
        ename: String(content.ename ?? 'Error'),
        evalue: String(content.evalue ?? ''),
        traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
      };
    default:
      return undefined;
  }
}

/** The display id a display_data / update_display_data message carries in `transient`. */
export function displayId(message: JupyterMessage): string | undefined {
  const transient = object(message.content.transient);
  return typeof transient.display_id === 'string' ? transient.display_id : undefined;
}

function bundle(value: unknown): MimeBundle {
  return object(value);
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
