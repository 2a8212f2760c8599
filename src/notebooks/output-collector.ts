import type { JupyterMessage } from './jupyter-message';
import type { DisplayDataOutput, NotebookOutput } from './notebook-document';
import { displayId, toNbformatOutput } from './to-nbformat-output';

/**
 * Routes iopub messages into the outputs of the cell whose execute_request they answer (by
 * `parent_header.msg_id`, so output a cell prints after it finished still lands in that cell, as
 * in Jupyter). Consecutive stream chunks of the same name are merged; `update_display_data`
 * replaces the data of every output shown under that display id; `clear_output` clears the cell
 * (with `wait`, just before its next output).
 */
export class OutputCollector {
  private readonly cells = new Map<string, NotebookOutput[]>();
  private readonly displays = new Map<string, DisplayDataOutput[]>();
  private readonly clearOnNext = new Set<string>();

  /** Collects the outputs of request `msgId` into `outputs` (the cell's array, filled in place). */
  track(msgId: string, outputs: NotebookOutput[]): void {
    this.cells.set(msgId, outputs);
  }

  handle(message: JupyterMessage): void {
    const parent = message.parent_header.msg_id;
    const outputs = parent ? this.cells.get(parent) : undefined;
    if (!parent || !outputs) return;
    const type = message.header.msg_type;
    if (type === 'clear_output') {
      if (message.content.wait) this.clearOnNext.add(parent);
      else outputs.length = 0;
      return;
    }
    if (type === 'update_display_data') {
      this.update(message);
      return;
    }
    const output = toNbformatOutput(message);
    if (!output) return;
    if (this.clearOnNext.delete(parent)) outputs.length = 0;
    const last = outputs.at(-1);
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      last.text = `${last.text}${output.text}`;
      return;
    }
    outputs.push(output);
    const id = displayId(message);
    if (id && output.output_type === 'display_data') {
      this.displays.set(id, [...(this.displays.get(id) ?? []), output]);
    }
  }

  private update(message: JupyterMessage): void {
    const id = displayId(message);
    const replacement = toNbformatOutput({
      ...message,
      header: { ...message.header, msg_type: 'display_data' },
    });
    if (!id || replacement?.output_type !== 'display_data') return;
    for (const output of this.displays.get(id) ?? []) {
      output.data = replacement.data;
      output.metadata = replacement.metadata;
    }
  }
}
