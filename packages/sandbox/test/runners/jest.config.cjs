/** Jest over the packed packages: native ESM (run with NODE_OPTIONS=--experimental-vm-modules), no transform. */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/jest.spec.mjs"],
  transform: {},
};
