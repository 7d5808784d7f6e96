import path from 'node:path';

/**
 * Modules use each other only through their front door. In src/, a file may import from
 * src/modules/<name>/ only if it is inside that module or the import is the module's index.ts;
 * src/platform/ imports no module at all (it is shared machinery with no business rules).
 * Tests and scripts outside src/ may reach inside a module: they test or drive it.
 */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only through its index.ts; the platform imports no module.' },
    messages: {
      internal:
        "'{{source}}' reaches inside the {{target}} module. Import what you need from '{{index}}' (add it to that module's index.ts if it belongs to its interface).",
      platform: "The platform imports no module: '{{source}}' is inside src/modules/{{target}}.",
    },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (!file.startsWith('src/')) return {};
    const from = file.match(/^src\/modules\/([^/]+)\//)?.[1] ?? null;
    const inPlatform = file.startsWith('src/platform/');
    function check(node, value) {
      if (typeof value !== 'string' || !value.startsWith('.')) return;
      const resolved = path
        .relative(root, path.resolve(path.dirname(context.filename), value))
        .split(path.sep)
        .join('/');
      const match = resolved.match(/^src\/modules\/([^/]+)(\/.*)?$/);
      if (!match) return;
      const [, target, rest = ''] = match;
      if (inPlatform) {
        context.report({ node, messageId: 'platform', data: { source: value, target } });
        return;
      }
      if (target === from) return;
      if (rest === '/index.ts') return;
      const index = path.relative(path.dirname(context.filename), path.join(root, 'src/modules', target, 'index.ts'));
      context.report({
        node,
        messageId: 'internal',
        data: { source: value, target, index: index.startsWith('.') ? index : `./${index}` },
      });
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'module-boundaries': rule } };
