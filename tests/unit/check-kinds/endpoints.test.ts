import { describe, expect, it } from 'vitest';
import { fixture, makeNotReady, named, run } from './fixtures.js';

describe('check kind endpoints', () => {
  it('passes when the EndpointSlices list every Ready Pod the selector selects, on the port', async () => {
    const outcome = await run(
      'endpoints',
      { service: 'back-end', min: 3, ports: [{ port: 80, targetPort: 8080 }] },
      fixture('service-clusterip'),
    );
    expect(outcome).toEqual({
      pass: true,
      summary: 'Service back-end sends traffic to all 3 Ready Pods it selects (app=myapp,type=back-end)',
      problems: [],
    });
  });

  it('fails when traffic goes to a port the Pods do not listen on', async () => {
    const outcome = await run(
      'endpoints',
      { service: 'back-end', ports: [{ port: 80, targetPort: 80 }] },
      fixture('service-clusterip'),
    );
    const message =
      "Service back-end port 80 sends traffic to port 8080 of its Pods, but they listen on 80; set targetPort to 80 (or the port's name)";
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(message);
    expect(outcome.problems).toEqual([{ message, path: 'spec.ports[].targetPort', expected: 80, actual: 8080 }]);
  });

  it('fails when a selected Ready Pod is not an endpoint, and when too few Pods are Ready', async () => {
    const objects = fixture('service-clusterip');
    const slice = named(objects, 'EndpointSlice', 'back-end-9l6zn');
    slice.endpoints = (slice.endpoints as { targetRef: { name: string } }[]).filter(
      (e) => e.targetRef.name !== 'back-end-2',
    );
    makeNotReady(named(objects, 'Pod', 'back-end-3'));
    const outcome = await run('endpoints', { service: 'back-end', min: 3 }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pod back-end-2 is Ready and selected, but is not an endpoint of Service back-end yet',
    );
    expect(outcome.problems).toEqual([
      { message: 'Pod back-end-2 is Ready and selected, but is not an endpoint of Service back-end yet' },
      { message: 'Service back-end has 2 Ready Pods behind it; at least 3 expected', expected: 3, actual: 2 },
    ]);
  });

  it('fails when the selector selects no Pod, and names the labels the Pods have', async () => {
    const objects = fixture('service-clusterip');
    named(objects, 'Service', 'back-end').spec.selector = { app: 'myapp-service' };
    const outcome = await run('endpoints', { service: 'back-end' }, objects, { namespace: 'lab-service-clusterip' });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe("Service back-end's selector app=myapp-service selects no Pods");
    expect(outcome.problems).toEqual([
      {
        message:
          'the selector app=myapp-service matches no Pod in lab-service-clusterip; the Pods here are labelled app=myapp, type=back-end; app=myapp, type=front-end',
        path: 'spec.selector',
        actual: { app: 'myapp-service' },
      },
    ]);
  });

  it('fails when the Service does not exist', async () => {
    const outcome = await run('endpoints', { service: 'front-end' }, fixture('service-clusterip'), {
      namespace: 'lab-service-clusterip',
    });
    expect(outcome).toEqual({
      pass: false,
      summary: 'Service front-end (v1) does not exist in namespace lab-service-clusterip',
      problems: [],
    });
  });
});
