/** The parts of `P` joined, as a type: `Join<['a {x} ', 'b']>` is `'a {x} b'`. */
type Join<P> = P extends readonly [infer A extends string, ...infer R] ? `${A}${Join<R>}` : '';

/**
 * One message written over several source lines (none over 120 characters): the parts
 * joined, with the literal type kept so that `t` still reads the message's parameters.
 * @example lines('Work with kubectl, ', 'then run {check}.') // 'Work with kubectl, then run {check}.'
 */
export function lines<const P extends readonly string[]>(...parts: P): Join<P> {
  return parts.join('') as Join<P>;
}
