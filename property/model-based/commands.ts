// The command arbitrary: each device pushes and pulls; anyone may delete,
// describe or list the datasets. Three keys keep devices colliding.

import fc from 'fast-check';
import { DeleteDatasetCommand } from './DeleteDatasetCommand.ts';
import { DescribeDatasetCommand } from './DescribeDatasetCommand.ts';
import { ListDatasetsCommand } from './ListDatasetsCommand.ts';
import { ListRecordsCommand } from './ListRecordsCommand.ts';
import type { Real, SyncCommand, SyncModel } from './SyncModel.ts';
import { UpdateRecordsCommand } from './UpdateRecordsCommand.ts';

export const MAX_DEVICES = 3;
const device = fc.integer({ min: 0, max: MAX_DEVICES - 1 });
const key = fc.constantFrom('a', 'b', 'c');
const valueOrRemove = fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: null, freq: 4 });
const changes = fc.uniqueArray(fc.record({ key, value: valueOrRemove }), { minLength: 1, maxLength: 3, selector: (c) => c.key });

export function syncCommands(replayPath?: string): fc.Arbitrary<Iterable<SyncCommand>> {
  const push = fc.tuple(device, changes).map(([d, cs]): SyncCommand => new UpdateRecordsCommand(d, cs));
  const pull = device.map((d): SyncCommand => new ListRecordsCommand(d));
  // Pushes and pulls are where devices disagree, so they come up three times as
  // often. Weighting by repetition: an fc.oneof here would cost the command
  // list its shrinking.
  return fc.commands<SyncModel, Real, false>([
    push, push, push, pull, pull, pull,
    fc.constant<SyncCommand>(new DeleteDatasetCommand()),
    fc.constant<SyncCommand>(new DescribeDatasetCommand()),
    fc.constant<SyncCommand>(new ListDatasetsCommand()),
  ], { maxCommands: 30, size: '+1', ...(replayPath ? { replayPath } : {}) });
}
