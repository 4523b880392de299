// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title DatasetMarket
/// @notice The on-chain half of a data union: operators publish dataset versions as Merkle roots,
///         buyers pay for a version in an ERC-20, and the co-owners in the version's shares tree
///         claim their pro-rata part of every payment with their own wallet.
/// @dev Revenue is credited through a revenue-per-share accumulator, so a purchase costs the same
///      gas for one co-owner as for a million, and nothing ever loops over recipients. Merkle
///      leaves follow OpenZeppelin's StandardMerkleTree (double keccak of the ABI-encoded fields)
///      and bind the chain id, this contract and the version id; `contracts/README.md` gives the
///      exact layouts. Rebasing tokens are unsupported; fee-on-transfer tokens are refused.
contract DatasetMarket is AccessControlDefaultAdminRules, Pausable, ReentrancyGuardTransient, EIP712, Nonces {
    using SafeERC20 for IERC20;

    /// @notice May publish and retire versions.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice May pause and unpause purchases (claims are never paused).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice May change the fee, the fee recipient and the accepted payment tokens.
    bytes32 public constant FEE_MANAGER_ROLE = keccak256("FEE_MANAGER_ROLE");

    /// @notice The highest fee, in basis points (10%).
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice Fixed-point scale of the revenue-per-share accumulator.
    uint256 public constant ACCUMULATOR_PRECISION = 1e18;
    /// @notice EIP-712 type of a signed claim.
    bytes32 public constant CLAIM_TYPEHASH = keccak256(
        "Claim(address account,address recipient,bytes32 versionsHash,uint256 nonce,uint256 deadline)"
    );

    /// @dev Five storage slots per version, all written at publication: the two roots; token,
    ///      dataset, fee and retired flag; price and total shares; and the ledger a purchase or
    ///      claim updates (revenuePerShare, unclaimed, carry and the `live` flag, which is 1 from
    ///      publication on so that no purchase pays for creating the slot). `unclaimed` is the
    ///      revenue credited and not yet claimed: a claim takes from it and reverts rather than go
    ///      below zero, so a shares tree summing to more than `totalShares` cannot reach other
    ///      versions' money. `carry` is the rounding remainder, always below
    ///      totalShares / 1e18 + 2 (under 21 for uint64 shares, so a uint8). A purchase that would
    ///      overflow `revenuePerShare` or `unclaimed` is refused with `RevenueCapReached`; claims
    ///      never overflow.
    struct Version {
        bytes32 imagesRoot;
        bytes32 sharesRoot;
        IERC20 token;
        uint64 datasetId;
        uint16 feeBps;
        bool retired;
        uint128 price;
        uint64 totalShares;
        uint144 revenuePerShare;
        uint96 unclaimed;
        uint8 carry;
        uint8 live;
    }

    /// @notice What a co-owner signs to have a claim paid to another address.
    struct ClaimAuthorization {
        address recipient;
        uint256 nonce;
        uint256 deadline;
        bytes signature;
    }

    /// @notice Ids of published versions run from 1 to `versionCount`. Packed in one slot with
    ///         the fee and its recipient, which publishing reads too.
    uint64 public versionCount;
    /// @notice Fee of versions published from now on, in basis points.
    uint16 public feeBps;
    /// @notice Receives the fees of every version.
    address public feeRecipient;
    /// @notice Tokens versions may be priced in.
    mapping(IERC20 token => bool) public isPaymentToken;
    /// @notice Fees held for `feeRecipient`, per token.
    mapping(IERC20 token => uint256) public feesAccrued;
    /// @notice What `account` has claimed of `versionId` so far.
    mapping(uint256 versionId => mapping(address account => uint256)) public claimed;
    /// @notice True once `buyer` has bought `versionId`: the node gates downloads on it.
    mapping(address buyer => mapping(uint256 versionId => bool)) public hasPurchased;

    mapping(uint256 versionId => Version) private _versions;

    /// @notice A version was published. With the manifest CID and both roots, an auditor can
    ///         rebuild every version and check any image or share leaf from logs alone.
    event VersionPublished(
        uint256 indexed versionId,
        uint64 indexed datasetId,
        IERC20 indexed token,
        bytes32 imagesRoot,
        bytes32 sharesRoot,
        uint256 totalShares,
        uint256 price,
        uint16 feeBps,
        bytes manifestCid
    );
    /// @notice A version was withdrawn from sale; its co-owners can still claim.
    event VersionRetired(uint256 indexed versionId);
    /// @notice `buyer` paid `price` for `versionId`; `fee` of it went to the fee recipient.
    event Purchased(uint256 indexed versionId, address indexed buyer, uint256 price, uint256 fee);
    /// @notice `amount` of `versionId`'s revenue was paid for `account`'s shares to `recipient`
    ///         (the shares are in the version's shares tree, published with its manifest).
    event Claimed(uint256 indexed versionId, address indexed account, address recipient, uint256 amount);
    /// @notice The fee of versions published from now on changed.
    event FeeChanged(uint16 previousBps, uint16 newBps);
    /// @notice The fee recipient changed.
    event FeeRecipientChanged(address previousRecipient, address newRecipient);
    /// @notice `token` was allowed or disallowed as a payment token for new versions.
    event PaymentTokenSet(IERC20 indexed token, bool allowed);
    /// @notice Accrued fees were paid to the fee recipient.
    event FeesWithdrawn(IERC20 indexed token, address indexed recipient, uint256 amount);

    /// @notice An address argument was the zero address.
    error ZeroAddress();
    /// @notice A version was published with a zero price.
    error ZeroPrice();
    /// @notice A version was published with no shares.
    error ZeroShares();
    /// @notice A version was published with an empty Merkle root.
    error ZeroRoot();
    /// @notice A version was published without a manifest CID.
    error EmptyManifest();
    /// @notice The fee is above `MAX_FEE_BPS`.
    error FeeTooHigh(uint256 bps, uint256 maxBps);
    /// @notice A value does not fit the version's storage (price over uint128, shares over uint64).
    error ValueTooLarge(uint256 value);
    /// @notice The token is not an accepted payment token.
    error TokenNotAllowed(IERC20 token);
    /// @notice No version has this id.
    error UnknownVersion(uint256 versionId);
    /// @notice The version was retired from sale.
    error VersionIsRetired(uint256 versionId);
    /// @notice The version's price is above what the buyer accepted.
    error PriceAboveMax(uint256 price, uint256 maxPrice);
    /// @notice The buyer already owns the version.
    error AlreadyPurchased(uint256 versionId, address buyer);
    /// @notice The token moved a different amount than asked (fee-on-transfer or rebasing).
    error TransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice The version's distributed revenue would exceed what its storage can account for.
    error RevenueCapReached(uint256 versionId);
    /// @notice The claim's arrays differ in length, or are empty.
    error LengthMismatch();
    /// @notice The proof does not put (account, shares) in the version's shares tree.
    error InvalidProof(uint256 versionId, address account);
    /// @notice The leaves claim more than the version has credited (an inconsistent shares tree).
    error ClaimExceedsRevenue(uint256 versionId);
    /// @notice Nothing is owed for the claimed versions.
    error NothingToClaim(address account);
    /// @notice The permit or signature deadline has passed.
    error DeadlineExpired(uint256 deadline);
    /// @notice The signature is not `account`'s over this claim.
    error InvalidSignature(address account);

    /// @param admin Default admin (two-step transfer with `adminDelay`).
    /// @param adminDelay Delay of a default-admin transfer, in seconds.
    /// @param initialFeeRecipient Receives the fees.
    /// @param initialFeeBps Fee of the versions published first.
    /// @param paymentTokens Tokens accepted from the start.
    constructor(
        address admin,
        uint48 adminDelay,
        address initialFeeRecipient,
        uint16 initialFeeBps,
        IERC20[] memory paymentTokens
    ) AccessControlDefaultAdminRules(adminDelay, admin) EIP712("DataUnion DatasetMarket", "1") {
        if (initialFeeRecipient == address(0)) revert ZeroAddress();
        if (initialFeeBps > MAX_FEE_BPS) revert FeeTooHigh(initialFeeBps, MAX_FEE_BPS);
        feeRecipient = initialFeeRecipient;
        feeBps = initialFeeBps;
        emit FeeRecipientChanged(address(0), initialFeeRecipient);
        emit FeeChanged(0, initialFeeBps);
        for (uint256 i = 0; i < paymentTokens.length; ++i) {
            _setPaymentToken(paymentTokens[i], true);
        }
    }

    // ---------------------------------------------------------------- publishing

    /// @notice Publishes a new, immutable version and returns its id (one more than the last).
    /// @param datasetId The dataset the version belongs to.
    /// @param imagesRoot Root of the image leaves (see contracts/README.md).
    /// @param sharesRoot Root of the (account, shares) leaves.
    /// @param totalShares Sum of the shares in the shares tree.
    /// @param price Price in `token` units.
    /// @param token An accepted payment token.
    /// @param manifestCid The binary CID of the version's manifest (emitted, not stored).
    /// @return versionId The new version's id.
    function publishVersion(
        uint64 datasetId,
        bytes32 imagesRoot,
        bytes32 sharesRoot,
        uint256 totalShares,
        uint256 price,
        IERC20 token,
        bytes calldata manifestCid
    ) external onlyRole(OPERATOR_ROLE) returns (uint256 versionId) {
        if (imagesRoot == bytes32(0) || sharesRoot == bytes32(0)) revert ZeroRoot();
        if (totalShares == 0) revert ZeroShares();
        if (totalShares > type(uint64).max) revert ValueTooLarge(totalShares);
        if (price == 0) revert ZeroPrice();
        if (price > type(uint128).max) revert ValueTooLarge(price);
        if (manifestCid.length == 0) revert EmptyManifest();
        if (!isPaymentToken[token]) revert TokenNotAllowed(token);

        versionId = ++versionCount;
        uint16 fee = feeBps;
        Version storage v = _versions[versionId];
        v.imagesRoot = imagesRoot;
        v.sharesRoot = sharesRoot;
        v.token = token;
        v.datasetId = datasetId;
        v.feeBps = fee;
        v.price = uint128(price);
        v.totalShares = uint64(totalShares);
        // Written now so that the version's first purchase updates this slot (2,900 gas) instead
        // of creating it (20,000).
        v.live = 1;
        emit VersionPublished(versionId, datasetId, token, imagesRoot, sharesRoot, totalShares, price, fee, manifestCid);
    }

    /// @notice Withdraws a version from sale for good. Its co-owners keep claiming what it earned.
    /// @param versionId The version to retire.
    function retireVersion(uint256 versionId) external onlyRole(OPERATOR_ROLE) {
        Version storage v = _existing(versionId);
        if (v.retired) revert VersionIsRetired(versionId);
        v.retired = true;
        emit VersionRetired(versionId);
    }

    // ---------------------------------------------------------------- purchases

    /// @notice Buys `versionId`, pulling its price from the caller (who must have approved it).
    /// @param versionId The version to buy.
    /// @param maxPrice The most the caller accepts to pay.
    function purchase(uint256 versionId, uint256 maxPrice) external nonReentrant whenNotPaused {
        _purchase(versionId, maxPrice);
    }

    /// @notice Buys `versionId` with an EIP-2612 permit for the version's token instead of an approval.
    /// @dev A permit already used (for instance front-run) is ignored when the allowance suffices.
    /// @param versionId The version to buy.
    /// @param maxPrice The most the caller accepts to pay; also the permit's value.
    /// @param deadline The permit's deadline.
    /// @param v Signature v.
    /// @param r Signature r.
    /// @param s Signature s.
    function purchaseWithPermit(uint256 versionId, uint256 maxPrice, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
        whenNotPaused
    {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline);
        IERC20 token = _existing(versionId).token;
        try IERC20Permit(address(token)).permit(msg.sender, address(this), maxPrice, deadline, v, r, s) {} catch {}
        _purchase(versionId, maxPrice);
    }

    // ---------------------------------------------------------------- claims

    /// @notice Pays `account` what its shares have earned in each of `versionIds`, less what it
    ///         already claimed. Anyone may submit it; the funds always go to `account`.
    /// @param versionIds The versions to claim.
    /// @param account The co-owner named in the shares leaves.
    /// @param shares The account's shares in each version.
    /// @param proofs A Merkle proof of each (account, shares) leaf.
    /// @return total The amount paid, summed over versions (which may be in different tokens).
    function claim(
        uint256[] calldata versionIds,
        address account,
        uint256[] calldata shares,
        bytes32[][] calldata proofs
    ) external nonReentrant returns (uint256 total) {
        if (account == address(0)) revert ZeroAddress();
        return _claim(versionIds, account, account, shares, proofs);
    }

    /// @notice `claim` for a single version, with flat arguments (cheaper calldata).
    /// @param versionId The version to claim.
    /// @param account The co-owner named in the shares leaf.
    /// @param shares The account's shares in the version.
    /// @param proof A Merkle proof of the (account, shares) leaf.
    /// @return owed The amount paid.
    function claimVersion(uint256 versionId, address account, uint256 shares, bytes32[] calldata proof)
        external
        nonReentrant
        returns (uint256 owed)
    {
        if (account == address(0)) revert ZeroAddress();
        owed = _claimOne(versionId, account, account, shares, proof);
        if (owed == 0) revert NothingToClaim(account);
    }

    /// @notice Like `claim`, but the funds go to `auth.recipient`, as `account` signed (EIP-712
    ///         `Claim`, with `auth.nonce` = `nonces(account)` and a deadline). Smart-contract
    ///         accounts sign through ERC-1271.
    /// @param versionIds The versions to claim (signed as the keccak of their packed ids).
    /// @param account The co-owner named in the shares leaves, and the signer.
    /// @param shares The account's shares in each version.
    /// @param proofs A Merkle proof of each (account, shares) leaf.
    /// @param auth The recipient, nonce, deadline and signature.
    /// @return total The amount paid.
    function claimWithSig(
        uint256[] calldata versionIds,
        address account,
        uint256[] calldata shares,
        bytes32[][] calldata proofs,
        ClaimAuthorization calldata auth
    ) external nonReentrant returns (uint256 total) {
        if (account == address(0) || auth.recipient == address(0)) revert ZeroAddress();
        if (block.timestamp > auth.deadline) revert DeadlineExpired(auth.deadline);
        _useCheckedNonce(account, auth.nonce);
        bytes32 digest = claimDigest(account, auth.recipient, versionIds, auth.nonce, auth.deadline);
        if (!SignatureChecker.isValidSignatureNow(account, digest, auth.signature)) revert InvalidSignature(account);
        return _claim(versionIds, account, auth.recipient, shares, proofs);
    }

    /// @notice The EIP-712 digest `account` signs for `claimWithSig`.
    /// @param account The signer.
    /// @param recipient Receives the funds.
    /// @param versionIds The versions.
    /// @param nonce The account's nonce.
    /// @param deadline Last valid second.
    /// @return The digest.
    function claimDigest(address account, address recipient, uint256[] calldata versionIds, uint256 nonce, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        bytes32 versionsHash = keccak256(abi.encodePacked(versionIds));
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_TYPEHASH, account, recipient, versionsHash, nonce, deadline)));
    }

    // ---------------------------------------------------------------- views

    /// @notice A version's fields.
    /// @param versionId The version.
    /// @return The version (reverts for unknown ids).
    function getVersion(uint256 versionId) external view returns (Version memory) {
        return _existing(versionId);
    }

    /// @notice What `account` could claim now from `versionId` with `shares` (no proof checked).
    /// @param versionId The version.
    /// @param account The co-owner.
    /// @param shares The account's shares.
    /// @return The claimable amount.
    function claimable(uint256 versionId, address account, uint256 shares) external view returns (uint256) {
        if (shares > type(uint64).max) return 0;
        uint256 accrued = (shares * _existing(versionId).revenuePerShare) / ACCUMULATOR_PRECISION;
        uint256 already = claimed[versionId][account];
        return accrued > already ? accrued - already : 0;
    }

    /// @notice Revenue credited to `versionId`'s co-owners so far (claimed or not).
    /// @param versionId The version.
    /// @return The distributed amount.
    function distributed(uint256 versionId) public view returns (uint256) {
        Version storage v = _existing(versionId);
        return Math.mulDiv(v.totalShares, v.revenuePerShare, ACCUMULATOR_PRECISION);
    }

    /// @notice True when `proof` puts the image leaf in `versionId`'s images tree: the on-chain
    ///         provenance check of an image.
    /// @param versionId The version.
    /// @param cidDigest The sha2-256 digest of the image's root CID.
    /// @param contributor Who contributed the image.
    /// @param consentHash Keccak of the contributor's signed consent record.
    /// @param proof The Merkle proof.
    /// @return True when the image is in the version.
    function verifyImage(
        uint256 versionId,
        bytes32 cidDigest,
        address contributor,
        bytes32 consentHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 leaf = keccak256(
            bytes.concat(keccak256(abi.encode(block.chainid, address(this), versionId, cidDigest, contributor, consentHash)))
        );
        return MerkleProof.verifyCalldata(proof, _existing(versionId).imagesRoot, leaf);
    }

    /// @notice The shares leaf of (account, shares) in `versionId`, as the tree stores it.
    /// @param versionId The version.
    /// @param account The co-owner.
    /// @param shares The shares.
    /// @return The leaf hash.
    function sharesLeaf(uint256 versionId, address account, uint256 shares) public view returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(block.chainid, address(this), versionId, account, shares))));
    }

    // ---------------------------------------------------------------- administration

    /// @notice Sets the fee of versions published from now on; published versions keep theirs.
    /// @param newBps The fee in basis points, at most `MAX_FEE_BPS`.
    function setFee(uint16 newBps) external onlyRole(FEE_MANAGER_ROLE) {
        if (newBps > MAX_FEE_BPS) revert FeeTooHigh(newBps, MAX_FEE_BPS);
        emit FeeChanged(feeBps, newBps);
        feeBps = newBps;
    }

    /// @notice Sets who receives the fees (accrued fees included).
    /// @param newRecipient The new recipient.
    function setFeeRecipient(address newRecipient) external onlyRole(FEE_MANAGER_ROLE) {
        if (newRecipient == address(0)) revert ZeroAddress();
        emit FeeRecipientChanged(feeRecipient, newRecipient);
        feeRecipient = newRecipient;
    }

    /// @notice Allows or disallows `token` for versions published from now on.
    /// @param token The ERC-20.
    /// @param allowed Whether new versions may be priced in it.
    function setPaymentToken(IERC20 token, bool allowed) external onlyRole(FEE_MANAGER_ROLE) {
        _setPaymentToken(token, allowed);
    }

    /// @notice Pays the accrued fees in `token` to the fee recipient. Anyone may call it.
    /// @param token The token.
    /// @return amount The amount paid.
    function withdrawFees(IERC20 token) external nonReentrant returns (uint256 amount) {
        amount = feesAccrued[token];
        feesAccrued[token] = 0;
        address recipient = feeRecipient;
        token.safeTransfer(recipient, amount);
        emit FeesWithdrawn(token, recipient, amount);
    }

    /// @notice Stops new purchases. Claims and fee withdrawals stay open, so no funds are locked.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Reopens purchases.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- internals

    function _purchase(uint256 versionId, uint256 maxPrice) private {
        Version storage v = _existing(versionId);
        if (v.retired) revert VersionIsRetired(versionId);
        uint256 price = v.price;
        if (price > maxPrice) revert PriceAboveMax(price, maxPrice);
        if (hasPurchased[msg.sender][versionId]) revert AlreadyPurchased(versionId, msg.sender);
        hasPurchased[msg.sender][versionId] = true;

        IERC20 token = v.token;
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), price);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != price) revert TransferAmountMismatch(price, received);

        uint256 fee = (price * v.feeBps) / 10_000;
        if (fee != 0) feesAccrued[token] += fee;
        _credit(v, versionId, price - fee);
        emit Purchased(versionId, msg.sender, price, fee);
    }

    /// @dev Adds `amount` (plus the remainder carried from earlier purchases) to the accumulator.
    ///      Co-owners can claim at most floor(totalShares * revenuePerShare / precision) in all,
    ///      and the difference to what came in is carried to the next purchase: nothing is lost.
    function _credit(Version storage v, uint256 versionId, uint256 amount) private {
        uint256 total = v.totalShares;
        uint256 before = v.revenuePerShare;
        uint256 available = amount + v.carry;
        uint256 after_ = before + (available * ACCUMULATOR_PRECISION) / total;
        uint256 credited = (total * after_) / ACCUMULATOR_PRECISION - (total * before) / ACCUMULATOR_PRECISION;
        uint256 unclaimed = v.unclaimed + credited;
        if (after_ > type(uint144).max || unclaimed > type(uint96).max) revert RevenueCapReached(versionId);
        v.revenuePerShare = uint144(after_);
        v.carry = uint8(available - credited);
        v.unclaimed = uint96(unclaimed);
    }

    function _claim(
        uint256[] calldata versionIds,
        address account,
        address recipient,
        uint256[] calldata shares,
        bytes32[][] calldata proofs
    ) private returns (uint256 total) {
        uint256 count = versionIds.length;
        if (count == 0 || shares.length != count || proofs.length != count) revert LengthMismatch();
        for (uint256 i = 0; i < count; ++i) {
            total += _claimOne(versionIds[i], account, recipient, shares[i], proofs[i]);
        }

        if (total == 0) revert NothingToClaim(account);
    }

    function _claimOne(uint256 versionId, address account, address recipient, uint256 shares, bytes32[] calldata proof)
        private
        returns (uint256 owed)
    {
        Version storage v = _existing(versionId);
        if (!MerkleProof.verifyCalldata(proof, v.sharesRoot, sharesLeaf(versionId, account, shares))) {
            revert InvalidProof(versionId, account);
        }

        // A valid leaf's shares are at most totalShares (a uint64), so the product cannot overflow.
        if (shares > type(uint64).max) revert ClaimExceedsRevenue(versionId);
        uint256 accrued = (shares * v.revenuePerShare) / ACCUMULATOR_PRECISION;
        owed = accrued - claimed[versionId][account];
        if (owed == 0) return 0;
        uint256 unclaimed = v.unclaimed;
        if (owed > unclaimed) revert ClaimExceedsRevenue(versionId);
        v.unclaimed = uint96(unclaimed - owed);
        claimed[versionId][account] = accrued;
        v.token.safeTransfer(recipient, owed);
        emit Claimed(versionId, account, recipient, owed);
    }

    function _existing(uint256 versionId) private view returns (Version storage v) {
        v = _versions[versionId];
        if (address(v.token) == address(0)) revert UnknownVersion(versionId);
    }

    function _setPaymentToken(IERC20 token, bool allowed) private {
        if (address(token) == address(0)) revert ZeroAddress();
        isPaymentToken[token] = allowed;
        emit PaymentTokenSet(token, allowed);
    }
}
