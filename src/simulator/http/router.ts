import type { Tenant } from '../tenant';
import type { GraphRequest, GraphResponse } from '../sim-types';
import { errorForStatus, GraphHttpError } from './graph-error';

export interface RouteContext {
  req: GraphRequest;
  params: string[];
  tenant: Tenant;
  /** `${baseUrl}/$metadata#${fragment}` like Graph's @odata.context. */
  context: (fragment: string) => string;
}
export type RouteHandler = (ctx: RouteContext) => GraphResponse | Promise<GraphResponse>;
interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/** Splits a path into decoded segments; `users('x')` key syntax becomes `users/x`. */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw errorForStatus(400, 'BadRequest', `Invalid URL segment '${raw}'.`);
    }
    const keyed = /^([A-Za-z]+)\('(.*)'\)$/.exec(segment);
    // Alternate keys, e.g. directoryRoles(roleTemplateId='…'), become `directoryRoles/roleTemplateId=…`.
    const alternate = /^([A-Za-z]+)\(([A-Za-z]+)='(.*)'\)$/.exec(segment);
    if (keyed) out.push(keyed[1], keyed[2].replace(/''/g, "'"));
    else if (alternate) out.push(alternate[1], `${alternate[2]}=${alternate[3].replace(/''/g, "'")}`);
    else out.push(segment);
  }
  return out;
}

/** A tiny method+path table: literal segments match case-insensitively, `:x` captures. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  async handle(req: GraphRequest, tenant: Tenant): Promise<GraphResponse> {
    const segments = pathSegments(req.path);
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = match(route.segments, segments);
      if (!params) continue;
      if (route.method !== req.method) {
        methodMismatch = true;
        continue;
      }
      return route.handler({ req, params, tenant, context: (fragment) => `${req.baseUrl}/$metadata#${fragment}` });
    }
    if (methodMismatch) throw errorForStatus(405);
    const last = segments[segments.length - 1] ?? '';
    throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource not found for the segment '${last}'.`);
  }
}

function match(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params.push(segments[i]);
    else if (pattern[i].toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}
