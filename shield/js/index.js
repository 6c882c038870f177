"use strict";
// The public toolkit: every module's exports, merged. Modules added here
// become globals and members of require("shieldjs").
module.exports = Object.assign({}
  , require("./waiting"), require("./timeouts"), require("./taskgroup")
  , require("./locks"), require("./queues"), require("./abort")
);
