import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyLabFiles, shippedFiles } from '../../src/labs/lab-files.js';
import { contentRoot } from '../../src/util/paths.js';

// lab.yaml `files:`: what a lab ships into the learner's folder (the helm lab's two chart versions).

const temp = mkdtempSync(join(tmpdir(), 'cka-lab-files-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('shipped lab files', () => {
  it('lists a folder recursively under its own name, and a file alone', () => {
    const files = shippedFiles(contentRoot(), 'manifests/helm/files/web');
    expect(files).toContainEqual({ from: 'manifests/helm/files/web/Chart.yaml', to: 'web/Chart.yaml' });
    expect(files).toContainEqual({
      from: 'manifests/helm/files/web/templates/deployment.yaml',
      to: 'web/templates/deployment.yaml',
    });
    expect(shippedFiles(contentRoot(), 'manifests/helm/files/web/values.yaml')).toEqual([
      { from: 'manifests/helm/files/web/values.yaml', to: 'values.yaml' },
    ]);
  });

  it('copies the chart into the learner folder as lab start does', () => {
    const work = join(temp, 'work');
    copyLabFiles({ root: contentRoot(), files: ['manifests/helm/files/web', 'manifests/helm/files/web-0.2.0'] }, work);
    expect(readFileSync(join(work, 'web', 'Chart.yaml'), 'utf8')).toMatch(/^version: 0\.1\.0$/m);
    expect(readFileSync(join(work, 'web-0.2.0', 'Chart.yaml'), 'utf8')).toMatch(/^version: 0\.2\.0$/m);
    expect(readFileSync(join(work, 'web', 'templates', 'service.yaml'), 'utf8')).toContain('kind: Service');
  });

  it('refuses a missing path, one leading out of the content root, and a link out of it inside a folder', () => {
    const root = join(temp, 'root');
    mkdirSync(join(root, 'manifests', 'demo'), { recursive: true });
    writeFileSync(join(temp, 'secret.txt'), 'not the lab’s');
    symlinkSync(join(temp, 'secret.txt'), join(root, 'manifests', 'demo', 'link.txt'));
    expect(shippedFiles(root, 'manifests/nothing')).toBe('the path manifests/nothing does not exist');
    expect(shippedFiles(root, '../secret.txt')).toMatch(
      /^the path \.\.\/secret\.txt leads outside the lab content folder/,
    );
    expect(shippedFiles(root, 'manifests/demo')).toMatch(/^the path manifests\/demo\/link\.txt leads outside/);
    expect(() => copyLabFiles({ root, files: ['manifests/demo'] }, join(temp, 'w2'))).toThrow(
      /^Cannot copy the lab's files: the path manifests\/demo\/link\.txt leads outside/,
    );
  });
});
