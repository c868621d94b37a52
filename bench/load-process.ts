// The load generator in a process of its own, so its CPU is neither shared with nor hidden in the
// bench's: it runs each round it is sent (a LoadSpec over IPC) and answers the LoadResult.
import { runLoad, type LoadSpec } from './load.js';

process.on('message', (spec: LoadSpec) => {
  void runLoad(spec).then((result) => process.send!(result));
});
process.send!('ready');
