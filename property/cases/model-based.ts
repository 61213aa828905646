// Model-based: random command sequences across 2–3 devices of one identity,
// checked against a model simpler than the service; shrinks to a minimal list.

import fc from 'fast-check';
import { holds } from '../assert.ts';
import { Driver } from '../../src/target/driver.ts';
import { syncCommands } from '../model-based/commands.ts';
import { newModel } from '../model-based/SyncModel.ts';
import type { PropertyCase } from '../types.ts';

export const devicesAgreeWithModel: PropertyCase = {
  name: 'model-based/devices-agree-with-model',
  operations: ['UpdateRecords', 'ListRecords', 'DeleteDataset', 'DescribeDataset', 'ListDatasets'],
  numRuns: 15,
  timeBudgetMs: 10000,
  async run(ctx) {
    const driver = await Driver.create(ctx.target);
    const arb = fc.tuple(fc.integer({ min: 2, max: 3 }), syncCommands());
    await holds(this.name, ctx, arb, async ([devices, cmds]) => {
      await driver.withDataset('model', (dataset) => fc.asyncModelRun(() => ({ model: newModel(devices), real: { driver, dataset } }), cmds));
    });
  },
};
