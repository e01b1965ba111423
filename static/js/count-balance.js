// Shows, as the clerk types, whether the near-poor figures balance: start − decreases + increases = end.
// The server checks the same rule; this only saves a round trip.
(function () {
  "use strict";
  var DECREASES = ["near_poor_escaped", "near_poor_to_poor", "near_poor_out_other"];
  var INCREASES = ["near_poor_new", "near_poor_fallen_back", "near_poor_from_poor", "near_poor_in_other"];

  function value(name) {
    var input = document.getElementById("id_" + name);
    if (!input) { return null; }
    var number = parseInt(input.value, 10);
    return isNaN(number) ? 0 : number;
  }

  function sum(names) {
    return names.reduce(function (total, name) { return total + (value(name) || 0); }, 0);
  }

  function update() {
    var out = document.getElementById("count-balance");
    var start = value("near_poor_start");
    var end = value("near_poor_end");
    if (!out || start === null || end === null) { return; }
    if (document.getElementById("id_near_poor_end").value.trim() === "") {
      out.textContent = "Nhập số hộ cận nghèo cuối năm: phải bằng đầu năm − giảm + tăng.";
      out.className = "balance";
      return;
    }
    var computed = start - sum(DECREASES) + sum(INCREASES);
    var text = "Cân đối: " + start + " − " + sum(DECREASES) + " + " + sum(INCREASES) + " = " + computed;
    if (computed === end) {
      out.textContent = text + " — khớp với số cuối năm.";
      out.className = "balance ok";
    } else {
      out.textContent = text + " — chưa khớp với số cuối năm (" + end + ").";
      out.className = "balance bad";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("yearlycount_form");
    if (!form) { return; }
    form.addEventListener("input", update);
    update();
  });
})();
