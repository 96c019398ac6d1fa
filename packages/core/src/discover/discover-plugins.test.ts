import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { registryOf } from '../plugin/installed-plugins.js';
import { discoverPlugins } from './discover-plugins.js';

describe('discoverPlugins', () => {
  it('finds the installed plugin packages by their marker, but the template', async () => {
    const installed = await discoverPlugins({ only: [] });
    expect(installed.map((p) => [p.plugin.key, p.packageName])).toEqual([
      ['apollo', '@provider-data/plugin-apollo'],
      ['fortis', '@provider-data/plugin-fortis'],
    ]);
    expect(registryOf(installed).list()).toEqual(['apollo', 'fortis']);
  });

  it('keeps the plugins PDM_PLUGINS names, the template too when named, and loads their generators', async () => {
    const installed = await discoverPlugins({ only: 'sunrise, fortis' });
    expect(installed.map((p) => p.plugin.key)).toEqual(['fortis', 'sunrise']);
    const generate = await installed[1]!.loadGenerator!();
    expect(typeof generate).toBe('function');
  });

  it('rejects a name no installed plugin has, naming the installed ones', async () => {
    const error = await discoverPlugins({ only: 'apollo,manipal' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/manipal.*installed: apollo, fortis, sunrise/);
  });
});
