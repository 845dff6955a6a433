import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

/** The task: port 80 of the Service leads to port 8080 of the back-end Pods, over TCP. */
const ports = [{ port: 80, targetPort: 8080 }];

describe('check kind endpoints: the path of each port', () => {
  it('passes for targetPort by number and by name', async () => {
    for (const service of ['back-end', 'named-http']) {
      const outcome = await run('endpoints', { service, min: 3, ports }, fixture('services'));
      expect(outcome.pass, `${service}: ${outcome.summary}`).toBe(true);
    }
  });

  it('fails when the asked port leads nowhere, although another port reaches the Pods', async () => {
    const outcome = await run('endpoints', { service: 'two-ports', ports }, fixture('services'));
    const message =
      "Service two-ports port 80 sends traffic to port 9999 of its Pods, but they listen on 8080; set targetPort to 8080 (or the port's name)";
    expect(outcome).toEqual({
      pass: false,
      summary: message,
      problems: [{ message, path: 'spec.ports[].targetPort', expected: 8080, actual: 9999 }],
    });
  });

  it('fails for protocol UDP when the task asks for TCP (the default)', async () => {
    const outcome = await run('endpoints', { service: 'udp', ports }, fixture('services'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Service udp offers port 80 over UDP, but the task asks for TCP; set protocol: TCP (or leave it out for TCP)',
    );
    expect(outcome.problems[0]).toMatchObject({ path: 'spec.ports[].protocol', expected: 'TCP', actual: 'UDP' });
  });

  it('fails for a headless Service unless the task asks for one', async () => {
    const objects = fixture('services');
    const outcome = await run('endpoints', { service: 'headless', ports }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Service headless is headless (clusterIP: None), so it has no cluster IP and port of its own; leave clusterIP out to get one',
    );
    expect((await run('endpoints', { service: 'headless', ports, headless: true }, objects)).pass).toBe(true);
    const notHeadless = await run('endpoints', { service: 'back-end', headless: true }, objects);
    expect(notHeadless.pass).toBe(false);
    expect(notHeadless.problems[0]).toMatchObject({ path: 'spec.clusterIP', expected: 'None' });
  });

  it('names an unknown targetPort name, and the ports the Pod has', async () => {
    const outcome = await run('endpoints', { service: 'unknown-name', ports }, fixture('services'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Service unknown-name port 80 sends traffic to the port named web (TCP), but Pod back-end-1 has no port of that name (nor do 3 Pods in all); its ports are http=8080/TCP',
    );
    expect(outcome.problems[0]).toMatchObject({ path: 'spec.ports[].targetPort', expected: 8080, actual: 'web' });
  });

  it('fails when the Service does not offer the port at all', async () => {
    const outcome = await run('endpoints', { service: 'two-ports', ports: [{ port: 443 }] }, fixture('services'));
    expect(outcome.summary).toBe('Service two-ports does not offer port 443/TCP; it offers 80/TCP, 8080/TCP');
  });

  it('without targetPort, the port must lead to a port the Pods declare', async () => {
    const objects = fixture('services');
    expect((await run('endpoints', { service: 'named-http', ports: [{ port: 80 }] }, objects)).pass).toBe(true);
    const outcome = await run('endpoints', { service: 'two-ports', ports: [{ port: 80 }] }, objects);
    expect(outcome.summary).toBe(
      'Service two-ports port 80 sends traffic to port 9999 of its Pods, but Pod back-end-1 does not listen there; its ports are http=8080/TCP',
    );
  });

  it('resolves a name per Pod: a Pod that names its port differently is named', async () => {
    const objects = fixture('services');
    named(objects, 'Pod', 'back-end-3').spec.containers[0].ports[0].name = 'web';
    const outcome = await run('endpoints', { service: 'named-http', ports }, objects);
    expect(outcome.summary).toBe(
      'Service named-http port 80 sends traffic to the port named http (TCP), but Pod back-end-3 has no port of that name; its ports are web=8080/TCP',
    );
  });

  it('says in Korean what is wrong', async () => {
    const outcome = await run('endpoints', { service: 'two-ports', ports }, fixture('services'), { lang: 'ko' });
    expect(outcome.summary).toBe(
      'Service two-ports 포트 80은 Pod의 포트 9999로 트래픽을 보내지만 Pod는 8080에서 수신합니다; targetPort를 8080으로 설정하세요 (또는 그 포트의 이름)',
    );
  });
});
