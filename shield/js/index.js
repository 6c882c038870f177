"use strict";
// The public toolkit: every module's exports, merged. Modules added here
// become globals and members of require("shieldjs").
module.exports = Object.assign({}
);
