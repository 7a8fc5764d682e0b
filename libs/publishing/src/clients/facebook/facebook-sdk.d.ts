// Types for the parts of facebook-nodejs-business-sdk we use (the package ships none).
declare module 'facebook-nodejs-business-sdk' {
  type Params = Record<string, unknown>;

  export class FacebookAdsApi {
    constructor(accessToken: string, locale?: string, crashLog?: boolean);
    static get VERSION(): string;
    static get GRAPH(): string;
    static _encodeParams(params: Params): string;
    accessToken: string;
    locale: string;
    call(
      method: string,
      path: string | string[],
      params?: Params,
      files?: Params,
      useMultipartFormData?: boolean,
      urlOverride?: string,
    ): Promise<unknown>;
  }

  /** What the SDK's objects call for every request: a FacebookAdsApi, or our GraphApi (graph-api.ts). */
  export interface GraphCaller {
    call(method: string, path: string | string[], params?: Params): Promise<unknown>;
  }

  export class AbstractCrudObject {
    constructor(id?: string | null, data?: Params, parentId?: string | null, api?: GraphCaller | null);
    id: string;
    _data: Params;
    exportAllData(): Params;
    get(fields: string[], params?: Params): Promise<this>;
  }

  export interface Cursor extends Array<AbstractCrudObject> {
    paging: unknown;
    hasNext(): boolean;
    next(): Promise<Cursor>;
  }

  export class Page extends AbstractCrudObject {
    createFeed(fields: string[], params?: Params): Promise<Page>;
    createPhoto(fields: string[], params?: Params): Promise<Photo>;
    getFeed(fields: string[], params?: Params, fetchFirstPage?: true): Promise<Cursor>;
  }

  export class User extends AbstractCrudObject {
    getAccounts(fields: string[], params?: Params, fetchFirstPage?: true): Promise<Cursor>;
  }

  export class Photo extends AbstractCrudObject {}

  export class IGUser extends AbstractCrudObject {
    createMedia(fields: string[], params?: Params): Promise<IGMedia>;
    createMediaPublish(fields: string[], params?: Params): Promise<IGMedia>;
    getMedia(fields: string[], params?: Params, fetchFirstPage?: true): Promise<Cursor>;
    getContentPublishingLimit(fields: string[], params?: Params, fetchFirstPage?: true): Promise<Cursor>;
  }

  export class IGMedia extends AbstractCrudObject {}

  /** A media container before it is published (its status_code says whether it can be). */
  export class ShadowIGMediaBuilder extends AbstractCrudObject {}
}
