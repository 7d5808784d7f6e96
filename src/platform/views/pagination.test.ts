import { describe, expect, it } from 'vitest';
import { MAX_PAGE, pageCount, pageField, pageHref, pageNumber, pageWindow, pagination } from './pagination.ts';

describe('the page asked for', () => {
  it('reads a whole number from 1 to the maximum; absent or empty is page 1', () => {
    expect(pageField().parse(undefined)).toBe(1);
    expect(pageField().parse('')).toBe(1);
    expect(pageField().parse(' 3 ')).toBe(3);
    expect(pageField().parse(String(MAX_PAGE))).toBe(MAX_PAGE);
  });

  it('says what is wrong on a list with a filter form', () => {
    for (const bad of ['0', '-1', 'two', '1.5', '1e3', '99999999999999999999', '10001', ['1', '2'], {}]) {
      const result = pageField().safeParse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('Page must be a whole number from 1 to 10,000');
    }
    expect(pageField(1000).safeParse('1001').error?.issues[0]?.message).toBe(
      'Page must be a whole number from 1 to 1,000',
    );
  });

  it('falls back to page 1 on a list without one', () => {
    expect(pageNumber('4')).toBe(4);
    for (const bad of ['0', 'x', '10001', ['2'], null]) expect(pageNumber(bad)).toBe(1);
  });
});

describe('one page of rows', () => {
  it('fetches the page’s rows and counts the pages', () => {
    expect(pageWindow(1, 50)).toEqual({ limit: 50, offset: 0 });
    expect(pageWindow(3, 25)).toEqual({ limit: 25, offset: 50 });
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
});

describe('the GOV.UK pagination component', () => {
  const href = pageHref('/hub', [
    ['status', 'new'],
    ['q', 'a&b'],
  ]);

  it('links pages keeping the other parameters', () => {
    expect(href(3)).toBe('/hub?status=new&q=a%26b&page=3');
  });

  it('is not shown for one page', () => {
    expect(pagination(1, 1, href)).toBeNull();
  });

  it('shows the first, last and neighbouring pages with ellipses between', () => {
    const shown = pagination(5, 10, (n) => `?page=${n}`)!;
    expect(shown.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : i.number))).toEqual([
      1,
      '…',
      4,
      '[5]',
      6,
      '…',
      10,
    ]);
    expect(shown.previous).toEqual({ href: '?page=4' });
    expect(shown.next).toEqual({ href: '?page=6' });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    const first = pagination(1, 3, (n) => `?page=${n}`)!;
    expect(first.previous).toBeUndefined();
    expect(first.items.map((i) => ('number' in i ? i.number : '…'))).toEqual([1, 2, 3]);
    expect(pagination(3, 3, (n) => `?page=${n}`)!.next).toBeUndefined();
  });

  it('leads back to the last page from a page past the end', () => {
    const past = pagination(50, 3, (n) => `?page=${n}`)!;
    expect(past.previous).toEqual({ href: '?page=3' });
    expect(past.next).toBeUndefined();
  });
});
