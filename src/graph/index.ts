export { CycleError } from './cycle-error';
export { Dag, type DagOptions } from './dag';
export {
  parseSelector,
  type SelectableNode,
  type Selection,
  SelectionError,
  type SelectionOptions,
  type SelectionState,
  type SelectorAtom,
  type SelectorMethod,
  selectNodes,
} from './select';
