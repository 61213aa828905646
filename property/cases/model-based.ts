// Model-based: random command sequences across 2–3 devices of one identity,
// checked against a model simpler than the service; shrinks to a minimal list.

import fc from 'fast-check';
import { holds } from '../assert.ts';
import { Driver } from '../../src/target/driver.ts';
import { MAX_DEVICES, syncCommands } from '../model-based/commands.ts';
import { newModel } from '../model-based/SyncModel.ts';
import { splitPath, type PropertyCase } from '../types.ts';

export const devicesAgreeWithModel: PropertyCase = {
  name: 'model-based/devices-agree-with-model',
  operations: ['UpdateRecords', 'ListRecords', 'DeleteDataset', 'DescribeDataset', 'ListDatasets'],
  numRuns: 50,
  timeBudgetMs: 8000,
  async run(ctx) {
    const driver = await Driver.create(ctx.target);
    // A replay must rebuild the same command list: fc.commands needs its replayPath back.
    const arb = fc.tuple(fc.integer({ min: 2, max: MAX_DEVICES }), syncCommands(splitPath(ctx.path).replayPath));
    await holds(this.name, ctx, arb, async ([devices, cmds]) => {
      await driver.withDataset('model', (dataset) =>
        fc.asyncModelRun(() => ({ model: newModel(devices), real: { driver, dataset, sessions: new Map() } }), cmds));
    });
  },
};
