import fc from 'fast-check';
import { DeleteDatasetCommand } from './DeleteDatasetCommand.ts';
import { DescribeDatasetCommand } from './DescribeDatasetCommand.ts';
import { ListDatasetsCommand } from './ListDatasetsCommand.ts';
import { ListRecordsCommand } from './ListRecordsCommand.ts';
import { UpdateRecordsCommand } from './UpdateRecordsCommand.ts';

const device = fc.integer({ min: 0, max: 2 });
const key = fc.constantFrom('a', 'b', 'c');

export function syncCommands(replayPath?: string) {
  return fc.commands([
    fc.tuple(device, key, fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: null, freq: 4 })).map(([d, k, v]) => new UpdateRecordsCommand(d, k, v)),
    device.map((d) => new ListRecordsCommand(d)),
    fc.constant(new DeleteDatasetCommand()),
    fc.constant(new DescribeDatasetCommand()),
    fc.constant(new ListDatasetsCommand()),
  ], { maxCommands: 25, ...(replayPath ? { replayPath } : {}) });
}
