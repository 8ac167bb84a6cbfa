# Stand-in for node:26-bookworm-slim, the base of the project's two Dockerfiles; used only where the
# official image cannot be pulled. It keeps the parts of the official image's contract the project
# relies on: Debian bookworm, Node.js 26 at /usr/local/bin/node, npm and npx beside it, Node's C++
# headers under /usr/local/include/node, a `node` user with uid 1000, and `node` as the command.
# Node.js 26's binary needs libatomic1, which the official image installs and a minimal Debian lacks.
#
# Two things a company's base image adds, and the official image does not have: the host's CA bundle
# (npm behind a TLS-intercepting proxy trusts only what the image trusts) and npm_config_nodedir
# (node-gyp would otherwise download Node's headers, should any package build a native addon).
#
# Built by e2e/containers/stand-ins.ts from a context it assembles: the base image, and the host's
# node binary, npm, headers and CA bundle.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
LABEL org.threadline.stand-in="node:26-bookworm-slim"
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include-node /usr/local/include/node
COPY ca-certificates.crt /usr/local/share/ca-certificates/stand-in-host-bundle.crt
RUN apt-get update \
  && apt-get install -y --no-install-recommends libatomic1 \
  && rm -rf /var/lib/apt/lists/* \
  && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
  && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/stand-in-host-bundle.crt \
    npm_config_nodedir=/usr/local
CMD ["node"]
