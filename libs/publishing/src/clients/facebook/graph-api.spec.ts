// GraphApi stands in for the SDK's FacebookAdsApi without loading the SDK: the same version and query strings.
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { encodeGraphParams, GRAPH_VERSION } from './graph-api';

describe('GraphApi without the SDK loaded', () => {
  it("names the SDK's Graph API version (update GRAPH_VERSION with the SDK)", () => {
    expect(GRAPH_VERSION).toBe(FacebookAdsApi.VERSION);
  });

  it('writes query strings as the SDK does: objects as JSON, null as empty, the rest as text', () => {
    const params = {
      fields: 'id,message,created_time',
      limit: 100,
      since: 1796600000.5,
      published: false,
      attached_media: [{ media_fbid: '1' }],
      empty: null,
      'odd key&': 'a b/c?d=é',
    };
    expect(encodeGraphParams(params)).toBe(FacebookAdsApi._encodeParams(params));
  });
});
