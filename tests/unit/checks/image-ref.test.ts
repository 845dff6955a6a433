import { describe, expect, it } from 'vitest';
import { normalizeImage, parseImageRef, sameImage } from '../../../src/checks/image-ref.js';
import { partialMatch } from '../../../src/checks/match.js';
import { fixture, named, run } from '../check-kinds/fixtures.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER = 'sha256:' + 'b'.repeat(64);

describe('image references', () => {
  it('normalises as a container runtime does (distribution/reference)', () => {
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('index.docker.io/library/nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('nginxinc/nginx-unprivileged:1.27')).toBe('docker.io/nginxinc/nginx-unprivileged:1.27');
    expect(normalizeImage('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(normalizeImage(`nginx@${DIGEST}`)).toBe(`docker.io/library/nginx@${DIGEST}`);
    expect(parseImageRef('Nginx')).toBeUndefined();
    expect(parseImageRef('nginx:')).toBeUndefined();
  });

  it('calls equivalent spellings the same image', () => {
    for (const spelling of [
      'nginx:latest',
      'docker.io/library/nginx:latest',
      'index.docker.io/library/nginx',
      'docker.io/nginx',
    ])
      expect(sameImage('nginx', spelling), spelling).toBe(true);
    expect(sameImage('nginx:1.27', 'docker.io/library/nginx:1.27')).toBe(true);
    expect(sameImage(`nginx:1.27@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`)).toBe(true);
  });

  it('calls different images different', () => {
    expect(sameImage('nginx:1.27', 'nginx:1.26')).toBe(false);
    expect(sameImage('nginx', 'nginx:1.27')).toBe(false);
    expect(sameImage('nginx', 'nginxinc/nginx')).toBe(false);
    expect(sameImage('nginx', 'quay.io/nginx')).toBe(false);
    expect(sameImage(`nginx@${DIGEST}`, `nginx@${OTHER}`)).toBe(false);
    expect(sameImage(`nginx@${DIGEST}`, 'nginx:latest')).toBe(false);
    expect(sameImage('Nginx', 'nginx')).toBe(false);
  });

  it('makes partial matching compare image fields as references, and only image fields', () => {
    const pod = { spec: { containers: [{ name: 'nginx', image: 'docker.io/library/nginx:1.27' }] } };
    expect(partialMatch({ spec: { containers: [{ image: 'nginx:1.27' }] } }, pod)).toEqual([]);
    expect(partialMatch({ spec: { containers: [{ image: 'nginx:1.26' }] } }, pod)).toHaveLength(1);
    expect(
      partialMatch(
        { spec: { containers: [{ name: 'docker.io/library/nginx' }] } },
        { spec: { containers: [{ name: 'nginx' }] } },
      ),
    ).toHaveLength(1);
  });

  it('lets an object check pass for another spelling of the image, and fail for another tag', async () => {
    const objects = fixture('deployment-rollout');
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    const image = (i: string) => ({ spec: { template: { spec: { containers: [{ name: 'nginx', image: i }] } } } });
    named(objects, 'Deployment', 'web').spec.template.spec.containers[0].image = 'docker.io/library/nginx:1.26';
    expect((await run('object', { target, expect: image('nginx:1.26') }, objects)).pass).toBe(true);
    expect((await run('object', { target, expect: image('nginx:1.27') }, objects)).pass).toBe(false);
  });
});
