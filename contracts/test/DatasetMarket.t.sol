// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DatasetMarket} from "../market/DatasetMarket.sol";
import {DataUnionToken} from "../token/DataUnionToken.sol";
import {FeeOnTransferToken, ReentrantToken} from "./mocks/TestTokens.sol";
import {TestBase, TestTree} from "./utils/Vm.sol";

/// Every function of DatasetMarket: its happy path and each revert with its custom error.
contract DatasetMarketTest is TestBase {
    DataUnionToken internal token;
    DatasetMarket internal market;

    address internal constant FEES = address(0xFEE5);
    address internal constant BUYER = address(0xB0B);
    address internal constant BUYER2 = address(0xB0B2);
    uint256 internal constant ALICE_KEY = 0xA11CE;
    uint256 internal constant PRICE = 100 ether;
    bytes internal constant MANIFEST = hex"01701220aabbccddeeff00112233445566778899aabbccddeeff0011223344556677";

    address internal alice;
    address internal bob = address(0xB0);
    address internal carol = address(0xCA);
    address internal dave = address(0xDA);

    function setUp() public {
        alice = vm.addr(ALICE_KEY);
        token = new DataUnionToken(address(this), 1e30);
        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = token;
        market = new DatasetMarket(address(this), 1 days, FEES, 500, tokens);
        market.grantRole(market.OPERATOR_ROLE(), address(this));
        market.grantRole(market.PAUSER_ROLE(), address(this));
        market.grantRole(market.FEE_MANAGER_ROLE(), address(this));
        _fund(BUYER);
        _fund(BUYER2);
    }

    // ------------------------------------------------------------ helpers

    function _fund(address who) internal {
        token.transfer(who, 1e24);
        vm.prank(who);
        token.approve(address(market), type(uint256).max);
    }

    function _accounts() internal view returns (address[4] memory) {
        return [alice, bob, carol, dave];
    }

    function _leaves(uint256 versionId, uint256[4] memory shares) internal view returns (bytes32[4] memory leaves) {
        address[4] memory accounts = _accounts();
        for (uint256 i = 0; i < 4; ++i) {
            leaves[i] = market.sharesLeaf(versionId, accounts[i], shares[i]);
        }
    }

    function _imageLeaf(uint256 versionId, bytes32 digest, address contributor, bytes32 consent) internal view returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(block.chainid, address(market), versionId, digest, contributor, consent))));
    }

    function _publish(uint256[4] memory shares) internal returns (uint256 versionId) {
        versionId = market.versionCount() + 1;
        bytes32 sharesRoot = TestTree.root4(_leaves(versionId, shares));
        uint256 total = shares[0] + shares[1] + shares[2] + shares[3];
        return market.publishVersion(7, keccak256("images"), sharesRoot, total, PRICE, token, MANIFEST);
    }

    function _standard() internal returns (uint256) {
        return _publish([uint256(50), 30, 15, 5]);
    }

    function _buy(address buyer, uint256 versionId) internal {
        vm.prank(buyer);
        market.purchase(versionId, PRICE);
    }

    function _claim(uint256 versionId, uint256[4] memory shares, uint256 who) internal returns (uint256) {
        uint256[] memory ids = new uint256[](1);
        ids[0] = versionId;
        uint256[] memory s = new uint256[](1);
        s[0] = shares[who];
        bytes32[][] memory proofs = new bytes32[][](1);
        proofs[0] = TestTree.proof4(_leaves(versionId, shares), who);
        return market.claim(ids, _accounts()[who], s, proofs);
    }

    // ------------------------------------------------------------ publishing

    function test_publishVersion_storesTheVersionAndNumbersUpward() public {
        uint256 first = _standard();
        uint256 second = _standard();
        DatasetMarket.Version memory v = market.getVersion(second);

        assertEq(first, 1, "first id");
        assertEq(second, 2, "second id");
        assertEq(v.price, PRICE, "price");
        assertEq(v.totalShares, 100, "total shares");
        assertEq(v.feeBps, 500, "fee snapshot");
        assertEq(v.datasetId, 7, "dataset");
        assertTrue(address(v.token) == address(token) && !v.retired, "token and state");
    }

    function test_publishVersion_byNonOperator_reverts() public {
        bytes32 role = market.OPERATOR_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, BUYER, role));
        vm.prank(BUYER);
        market.publishVersion(1, bytes32(uint256(1)), bytes32(uint256(1)), 1, 1, token, MANIFEST);
    }

    function test_publishVersion_badInput_revertsWithTheSpecificError() public {
        bytes32 r = bytes32(uint256(1));
        vm.expectRevert(DatasetMarket.ZeroRoot.selector);
        market.publishVersion(1, bytes32(0), r, 1, 1, token, MANIFEST);
        vm.expectRevert(DatasetMarket.ZeroRoot.selector);
        market.publishVersion(1, r, bytes32(0), 1, 1, token, MANIFEST);
        vm.expectRevert(DatasetMarket.ZeroShares.selector);
        market.publishVersion(1, r, r, 0, 1, token, MANIFEST);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.ValueTooLarge.selector, uint256(type(uint64).max) + 1));
        market.publishVersion(1, r, r, uint256(type(uint64).max) + 1, 1, token, MANIFEST);
        vm.expectRevert(DatasetMarket.ZeroPrice.selector);
        market.publishVersion(1, r, r, 1, 0, token, MANIFEST);
        vm.expectRevert(DatasetMarket.EmptyManifest.selector);
        market.publishVersion(1, r, r, 1, 1, token, "");
        IERC20 other = new DataUnionToken(address(this), 1);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.TokenNotAllowed.selector, other));
        market.publishVersion(1, r, r, 1, 1, other, MANIFEST);
        assertEq(market.versionCount(), 0, "nothing published");
    }

    function test_setPaymentToken_disallowed_refusesNewVersionsOnly() public {
        uint256 id = _standard();
        market.setPaymentToken(token, false);

        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.TokenNotAllowed.selector, token));
        market.publishVersion(1, keccak256("i"), keccak256("s"), 1, PRICE, token, MANIFEST);
        _buy(BUYER, id);
        assertTrue(market.hasPurchased(BUYER, id), "published versions still sell");
        vm.expectRevert(DatasetMarket.ZeroAddress.selector);
        market.setPaymentToken(IERC20(address(0)), true);
    }

    function test_setFee_appliesOnlyToLaterVersions() public {
        uint256 before = _standard();
        market.setFee(1_000);
        uint256 later = _standard();
        _buy(BUYER, before);
        _buy(BUYER, later);

        assertEq(market.getVersion(before).feeBps, 500, "old version keeps its fee");
        assertEq(market.feesAccrued(token), PRICE * 5 / 100 + PRICE / 10, "fees of both");
    }

    function test_setFee_aboveCap_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.FeeTooHigh.selector, 1_001, 1_000));
        market.setFee(1_001);
    }

    function test_constructor_zeroFeeRecipientOrToken_reverts() public {
        IERC20[] memory none = new IERC20[](0);
        vm.expectRevert(DatasetMarket.ZeroAddress.selector);
        new DatasetMarket(address(this), 0, address(0), 0, none);
        IERC20[] memory zero = new IERC20[](1);
        vm.expectRevert(DatasetMarket.ZeroAddress.selector);
        new DatasetMarket(address(this), 0, FEES, 0, zero);
    }

    function test_retireVersion_stopsSalesButNotClaims() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        market.retireVersion(id);

        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.VersionIsRetired.selector, id));
        vm.prank(BUYER2);
        market.purchase(id, PRICE);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.VersionIsRetired.selector, id));
        market.retireVersion(id);
        assertEq(_claim(id, shares, 0), 95 ether * 50 / 100, "alice still claims");
    }

    function test_retireVersion_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.UnknownVersion.selector, 9));
        market.retireVersion(9);
    }

    // ------------------------------------------------------------ purchases

    function test_purchase_pullsPriceTakesFeeAndRecordsTheBuyer() public {
        uint256 id = _standard();
        uint256 before = token.balanceOf(BUYER);
        _buy(BUYER, id);

        assertEq(before - token.balanceOf(BUYER), PRICE, "price pulled");
        assertEq(market.feesAccrued(token), 5 ether, "5% fee");
        assertEq(market.distributed(id), 95 ether, "rest credited");
        assertTrue(market.hasPurchased(BUYER, id), "buyer recorded");
        assertTrue(!market.hasPurchased(BUYER2, id), "others not");
    }

    function test_purchase_badInput_revertsWithTheSpecificError() public {
        uint256 id = _standard();
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.PriceAboveMax.selector, PRICE, PRICE - 1));
        vm.prank(BUYER);
        market.purchase(id, PRICE - 1);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.UnknownVersion.selector, 2));
        vm.prank(BUYER);
        market.purchase(2, PRICE);
        _buy(BUYER, id);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.AlreadyPurchased.selector, id, BUYER));
        vm.prank(BUYER);
        market.purchase(id, PRICE);
    }

    function test_purchase_pastTheRevenueCap_revertsAndTakesNothing() public {
        DataUnionToken big = new DataUnionToken(BUYER, 2 ** 120);
        market.setPaymentToken(big, true);
        uint256 price = 2 ** 100;
        uint256 id = market.publishVersion(1, keccak256("i"), keccak256("s"), 1, price, big, MANIFEST);
        vm.startPrank(BUYER);
        big.approve(address(market), price);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.RevenueCapReached.selector, id));
        market.purchase(id, price);
        vm.stopPrank();
        assertEq(big.balanceOf(BUYER), 2 ** 120, "nothing taken");
    }

    function test_pause_stopsPurchasesOnly() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        market.pause();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(BUYER2);
        market.purchase(id, PRICE);
        assertTrue(_claim(id, shares, 1) > 0, "claims stay open");
        assertEq(market.withdrawFees(token), 5 ether, "fees stay withdrawable");
        market.unpause();
        _buy(BUYER2, id);
    }

    function test_purchaseWithPermit_paysWithoutAnApproval() public {
        uint256 id = _standard();
        uint256 buyerKey = 0xB0B0;
        address buyer = vm.addr(buyerKey);
        token.transfer(buyer, PRICE);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                buyer, address(market), PRICE, token.nonces(buyer), deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(buyerKey, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));

        vm.prank(buyer);
        market.purchaseWithPermit(id, PRICE, deadline, v, r, s);

        assertTrue(market.hasPurchased(buyer, id), "bought");
        assertEq(token.balanceOf(buyer), 0, "paid");
    }

    function test_purchaseWithPermit_expired_reverts() public {
        uint256 id = _standard();
        vm.warp(1_000_000);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.DeadlineExpired.selector, 999_999));
        vm.prank(BUYER);
        market.purchaseWithPermit(id, PRICE, 999_999, 27, bytes32(0), bytes32(0));
    }

    function test_purchase_feeOnTransferToken_isRefused() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(BUYER);
        market.setPaymentToken(fot, true);
        uint256 id = market.publishVersion(1, keccak256("i"), keccak256("s"), 10, PRICE, fot, MANIFEST);
        vm.startPrank(BUYER);
        fot.approve(address(market), PRICE);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.TransferAmountMismatch.selector, PRICE, PRICE - PRICE / 100));
        market.purchase(id, PRICE);
        vm.stopPrank();
    }

    function test_purchase_reentrantToken_isStoppedByTheGuard() public {
        ReentrantToken evil = new ReentrantToken(BUYER);
        market.setPaymentToken(evil, true);
        uint256 id = market.publishVersion(1, keccak256("i"), keccak256("s"), 10, PRICE, evil, MANIFEST);
        uint256 second = market.publishVersion(1, keccak256("i"), keccak256("s"), 10, PRICE, evil, MANIFEST);
        vm.startPrank(BUYER);
        evil.approve(address(market), type(uint256).max);
        evil.arm(address(market), abi.encodeCall(DatasetMarket.purchase, (second, PRICE)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        market.purchase(id, PRICE);
        vm.stopPrank();
        assertTrue(!market.hasPurchased(BUYER, id), "nothing recorded");
    }

    function test_claim_reentrantToken_isStoppedByTheGuard() public {
        ReentrantToken evil = new ReentrantToken(address(this));
        market.setPaymentToken(evil, true);
        uint256 id = market.versionCount() + 1;
        uint256[4] memory shares = [uint256(1), 1, 1, 1];
        bytes32[4] memory leaves = _leaves(id, shares);
        market.publishVersion(1, keccak256("i"), TestTree.root4(leaves), 4, PRICE, evil, MANIFEST);
        evil.approve(address(market), PRICE);
        market.purchase(id, PRICE);

        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        uint256[] memory s = new uint256[](1);
        s[0] = 1;
        bytes32[][] memory proofs = new bytes32[][](1);
        proofs[0] = TestTree.proof4(leaves, 0);
        evil.arm(address(market), abi.encodeCall(DatasetMarket.claim, (ids, alice, s, proofs)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        market.claim(ids, alice, s, proofs);
        assertEq(market.claimed(id, alice), 0, "nothing claimed");
    }

    // ------------------------------------------------------------ claims

    function test_claim_anyoneSubmits_fundsGoToTheAccount() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);

        vm.prank(BUYER2);
        uint256 paid = _claim(id, shares, 1);

        assertEq(paid, 95 ether * 30 / 100, "bob's part");
        assertEq(token.balanceOf(bob), paid, "bob paid");
        assertEq(token.balanceOf(BUYER2) , 1e24 , "submitter got nothing");
    }

    function test_claim_afterMorePurchases_paysOnlyWhatIsNew() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        uint256 first = _claim(id, shares, 0);
        _buy(BUYER2, id);
        uint256 second = _claim(id, shares, 0);

        assertEq(first, second, "equal purchases, equal parts");
        assertEq(market.claimed(id, alice), first + second, "cumulative");
        bytes32[] memory proof = TestTree.proof4(_leaves(id, shares), 0);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.NothingToClaim.selector, alice));
        market.claimVersion(id, alice, 50, proof);
    }

    function test_claimVersion_paysLikeClaim() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);

        bytes32[] memory proof = TestTree.proof4(_leaves(id, shares), 2);
        uint256 paid = market.claimVersion(id, carol, 15, proof);

        assertEq(paid, 95 ether * 15 / 100, "carol's part");
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.NothingToClaim.selector, carol));
        market.claimVersion(id, carol, 15, proof);
    }

    function test_claim_wrongShares_revertsInvalidProof() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        bytes32[] memory proof = TestTree.proof4(_leaves(id, shares), 0);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.InvalidProof.selector, id, alice));
        market.claimVersion(id, alice, 51, proof);
    }

    function test_claim_unpublishedVersion_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.UnknownVersion.selector, 3));
        market.claimVersion(3, alice, 1, new bytes32[](0));
    }

    function test_claim_proofOfAnotherVersion_isNotReplayable() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 first = _publish(shares);
        uint256 second = _publish(shares);
        _buy(BUYER, second);
        bytes32[] memory proofOfFirst = TestTree.proof4(_leaves(first, shares), 0);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.InvalidProof.selector, second, alice));
        market.claimVersion(second, alice, 50, proofOfFirst);
    }

    function test_claim_lengthMismatch_reverts() public {
        vm.expectRevert(DatasetMarket.LengthMismatch.selector);
        market.claim(new uint256[](1), alice, new uint256[](0), new bytes32[][](1));
        vm.expectRevert(DatasetMarket.LengthMismatch.selector);
        market.claim(new uint256[](0), alice, new uint256[](0), new bytes32[][](0));
        vm.expectRevert(DatasetMarket.ZeroAddress.selector);
        market.claim(new uint256[](1), address(0), new uint256[](1), new bytes32[][](1));
    }

    function test_claim_inflatedSharesTree_cannotTakeOtherVersionsMoney() public {
        uint256[4] memory honest = [uint256(50), 30, 15, 5];
        uint256 good = _publish(honest);
        _buy(BUYER, good);
        // Leaves sum to 400 but totalShares says 100: each leaf could claim 4x its due.
        uint256 id = market.versionCount() + 1;
        uint256[4] memory inflated = [uint256(100), 100, 100, 100];
        market.publishVersion(7, keccak256("images"), TestTree.root4(_leaves(id, inflated)), 100, PRICE, token, MANIFEST);
        _buy(BUYER, id);

        _claim(id, inflated, 0);
        bytes32[] memory proof = TestTree.proof4(_leaves(id, inflated), 1);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.ClaimExceedsRevenue.selector, id));
        market.claimVersion(id, bob, 100, proof);
        assertEq(_claim(good, honest, 0), 95 ether / 2, "the honest version is whole");
    }

    function test_claimWithSig_sendsToTheSignedRecipient_once() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        (uint256[] memory ids, uint256[] memory s, bytes32[][] memory proofs) = _aliceClaim(id, shares);
        DatasetMarket.ClaimAuthorization memory auth = _signed(ids, carol, 0, block.timestamp + 1 hours, ALICE_KEY);

        vm.prank(BUYER2);
        market.claimWithSig(ids, alice, s, proofs, auth);

        assertEq(token.balanceOf(carol), 95 ether / 2, "carol received alice's part");
        assertEq(token.balanceOf(alice), 0, "alice nothing");
        _buy(BUYER2, id);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, alice, 1));
        market.claimWithSig(ids, alice, s, proofs, auth);
    }

    function test_claimWithSig_expiredOrForeignSignature_reverts() public {
        uint256[4] memory shares = [uint256(50), 30, 15, 5];
        uint256 id = _publish(shares);
        _buy(BUYER, id);
        (uint256[] memory ids, uint256[] memory s, bytes32[][] memory proofs) = _aliceClaim(id, shares);
        vm.warp(10_000);

        DatasetMarket.ClaimAuthorization memory expired = _signed(ids, carol, 0, 9_999, ALICE_KEY);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.DeadlineExpired.selector, 9_999));
        market.claimWithSig(ids, alice, s, proofs, expired);

        DatasetMarket.ClaimAuthorization memory forged = _signed(ids, carol, 0, 20_000, 0xBAD);
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.InvalidSignature.selector, alice));
        market.claimWithSig(ids, alice, s, proofs, forged);

        DatasetMarket.ClaimAuthorization memory redirected = _signed(ids, carol, 0, 20_000, ALICE_KEY);
        redirected.recipient = dave;
        vm.expectRevert(abi.encodeWithSelector(DatasetMarket.InvalidSignature.selector, alice));
        market.claimWithSig(ids, alice, s, proofs, redirected);
    }

    function _aliceClaim(uint256 id, uint256[4] memory shares)
        internal
        view
        returns (uint256[] memory ids, uint256[] memory s, bytes32[][] memory proofs)
    {
        ids = new uint256[](1);
        ids[0] = id;
        s = new uint256[](1);
        s[0] = shares[0];
        proofs = new bytes32[][](1);
        proofs[0] = TestTree.proof4(_leaves(id, shares), 0);
    }

    function _signed(uint256[] memory ids, address recipient, uint256 nonce, uint256 deadline, uint256 key)
        internal
        view
        returns (DatasetMarket.ClaimAuthorization memory auth)
    {
        bytes32 digest = market.claimDigest(alice, recipient, ids, nonce, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        auth = DatasetMarket.ClaimAuthorization(recipient, nonce, deadline, abi.encodePacked(r, s, v));
    }

    // ------------------------------------------------------------ provenance, fees, admin

    function test_verifyImage_acceptsMembersOnly() public {
        uint256 id = market.versionCount() + 1;
        bytes32 digest = sha256("image bytes");
        bytes32[4] memory leaves = [
            _imageLeaf(id, digest, alice, keccak256("consent")),
            _imageLeaf(id, sha256("b"), bob, keccak256("c2")),
            _imageLeaf(id, sha256("c"), carol, keccak256("c3")),
            _imageLeaf(id, sha256("d"), dave, keccak256("c4"))
        ];
        market.publishVersion(1, TestTree.root4(leaves), keccak256("s"), 1, PRICE, token, MANIFEST);
        bytes32[] memory proof = TestTree.proof4(leaves, 0);

        assertTrue(market.verifyImage(id, digest, alice, keccak256("consent"), proof), "member");
        assertTrue(!market.verifyImage(id, digest, bob, keccak256("consent"), proof), "other contributor");
        assertTrue(!market.verifyImage(id, sha256("other"), alice, keccak256("consent"), proof), "other image");
    }

    function test_withdrawFees_paysTheRecipient() public {
        uint256 id = _standard();
        _buy(BUYER, id);
        vm.prank(BUYER2);
        assertEq(market.withdrawFees(token), 5 ether, "amount");
        assertEq(token.balanceOf(FEES), 5 ether, "recipient paid");
        assertEq(market.feesAccrued(token), 0, "nothing left");
        market.setFeeRecipient(address(0xF00));
        vm.expectRevert(DatasetMarket.ZeroAddress.selector);
        market.setFeeRecipient(address(0));
    }

    function test_adminTransfer_isTwoStepWithDelay() public {
        address next = address(0xAD);
        market.beginDefaultAdminTransfer(next);
        vm.prank(next);
        vm.expectRevert();
        market.acceptDefaultAdminTransfer();
        vm.warp(block.timestamp + 1 days + 1);
        vm.prank(next);
        market.acceptDefaultAdminTransfer();
        assertTrue(market.defaultAdmin() == next, "new admin");
    }

    // ------------------------------------------------------------ fuzz

    /// Any share split and any prices: every co-owner claims, and claimed + fees + dust == paid,
    /// with the dust (unclaimed remainders) below one unit per co-owner plus the carry.
    function testFuzz_claims_neverExceedWhatWasPaid(uint64[4] memory rawShares, uint96 rawPrice, uint8 purchases) public {
        uint256[4] memory shares;
        for (uint256 i = 0; i < 4; ++i) {
            shares[i] = uint256(rawShares[i]) % 1e12 + 1;
        }
        uint256 price = uint256(rawPrice) % 1e24 + 1;
        uint256 id = market.versionCount() + 1;
        market.publishVersion(1, keccak256("i"), TestTree.root4(_leaves(id, shares)), shares[0] + shares[1] + shares[2] + shares[3], price, token, MANIFEST);
        uint256 paid;
        uint256 n = uint256(purchases) % 6 + 1;
        for (uint256 p = 0; p < n; ++p) {
            address buyer = address(uint160(0x10000 + p));
            _fund(buyer);
            vm.prank(buyer);
            market.purchase(id, price);
            paid += price;
            for (uint256 who = 0; who < 4; ++who) {
                if (market.claimable(id, _accounts()[who], shares[who]) > 0) _claim(id, shares, who);
            }
        }

        uint256 claimedTotal;
        for (uint256 who = 0; who < 4; ++who) {
            claimedTotal += market.claimed(id, _accounts()[who]);
        }
        DatasetMarket.Version memory v = market.getVersion(id);
        uint256 fees = market.feesAccrued(token);
        assertEq(claimedTotal + fees + v.unclaimed + v.carry, paid, "claimed + fees + dust == paid");
        assertEq(token.balanceOf(address(market)), fees + v.unclaimed + v.carry, "the market holds fees, unclaimed and carry");
        assertTrue(v.unclaimed < 4 && v.carry < 21, "dust stays tiny");
    }
}
