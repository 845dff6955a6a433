/**
 * The `admission` check kind: whether the API server accepts or refuses objects, asked with a
 * server-side dry run (`kubectl create --dry-run=server`: the request goes through decoding,
 * defaulting, validation and admission, and nothing is stored). It judges a
 * CustomResourceDefinition's schema by its effect: `minimum: 1` and a CEL rule `self >= 1` refuse
 * the same custom resources, and a schema that forgets the rule admits what it should refuse.
 */
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import type { KubeObject } from '../../kube/types.js';
import { ApiError } from '../../kube/client.js';
import { resourcePath } from '../../kube/resources.js';
import { t } from '../../i18n/t.js';

const Try = v.strictObject({
  /** The object to send (apiVersion, kind, metadata.name, the fields); created in the lab namespace. */
  object: v.looseObject({ apiVersion: v.string(), kind: v.string(), metadata: v.looseObject({ name: v.string() }) }),
  /** Whether the API server must accept it. */
  allowed: v.boolean(),
});
const fields = { tries: v.pipe(v.array(Try), v.minLength(1)) };
type AdmissionCheck = CheckData<'admission', typeof fields>;

/** The API server's answer to one dry-run create. */
export type Answer =
  | { allowed: true }
  /** `status` 404 with reason NotFound: the cluster serves no such kind. */
  | { allowed: false; status: number; reason: string; message: string };

/** Sends one object as a dry-run create (no object is stored). */
export type Submit = (obj: KubeObject, namespace: string) => Promise<Answer>;

/** The `admission` check kind; its `description` says what it checks. */
export const admissionKind = defineCheckKind({
  type: 'admission',
  description:
    'The API server accepts (`allowed: true`) or refuses each object of `tries`, sent as a server-side dry-run ' +
    'create in the lab namespace (`kubectl create --dry-run=server`; nothing is stored). Judges a ' +
    "CustomResourceDefinition's schema, or any validation, by what it lets in.",
  fields,
  reads: () => [],
  run: (check, view) => checkAdmission(check, view, clientSubmit(view)),
});

/** A dry-run create through the view's client, under a generated name so no object of the name matters. */
export function clientSubmit(view: NamespaceView): Submit {
  return async (obj, namespace) => {
    const client = view.client;
    if (!client) throw new Error('the admission check needs a cluster');
    try {
      const info = await client.resource({ apiVersion: obj.apiVersion!, kind: obj.kind! });
      const { name, ...metadata } = obj.metadata ?? {};
      const body = { ...obj, metadata: { ...metadata, generateName: `${name ?? 'dry-run'}-` } };
      const path = resourcePath(obj.apiVersion!, info, info.namespaced ? namespace : undefined);
      await client.request('POST', `${path}?dryRun=All&fieldManager=cka-lab`, body);
      return { allowed: true };
    } catch (err) {
      if (err instanceof ApiError)
        return { allowed: false, status: err.status, reason: err.reason, message: err.message };
      throw err;
    }
  };
}

/**
 * `admission`: every try answered as `allowed` says.
 * @param submit sends one dry-run create (the cluster's API server; recorded answers in unit tests)
 */
export async function checkAdmission(check: AdmissionCheck, view: NamespaceView, submit: Submit): Promise<Outcome> {
  const lang = view.lang;
  const problems: string[] = [];
  const answers: string[] = [];
  for (const { object, allowed } of check.tries) {
    const what = `${object.kind} ${object.metadata.name}`;
    const answer = await submit(object as KubeObject, view.namespace);
    // 404 on a create: discovery found no such group, version or kind (the namespace exists).
    if (!answer.allowed && answer.status === 404) {
      return failed(t(lang, 'admission.notServed', { kind: object.kind, apiVersion: object.apiVersion }));
    }
    if (answer.allowed && allowed) answers.push(t(lang, 'admission.accepted', { what }));
    else if (answer.allowed) problems.push(t(lang, 'admission.unexpectedAccept', { what, fields: specOf(object) }));
    else {
      // The server named the object with generateName's random suffix: show the name the lab wrote.
      const why = answer.message.replaceAll(
        new RegExp(`"${escape(object.metadata.name)}-[a-z0-9]{5}"`, 'g'),
        `"${object.metadata.name}"`,
      );
      if (allowed) problems.push(t(lang, 'admission.unexpectedRefusal', { what, why }));
      else answers.push(t(lang, 'admission.refused', { what, why }));
    }
  }
  if (problems.length > 0)
    return failed(
      problems[0]!,
      // The report shows the problems when there are any: all of them, the first included.
      problems.length > 1 ? problems.map((message) => ({ message })) : [],
    );
  return passed(answers.join('; '));
}

/** `text` with the characters that mean something in a regular expression escaped. */
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The fields of a try besides apiVersion, kind and metadata, as compact JSON (what made it wrong). */
function specOf(object: Record<string, unknown>): string {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  return JSON.stringify(rest);
}
